import { type AttributeValue, ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { formatIsoDate } from '../../domain/civil-date.js';
import { personSchema, scheduleBodyShape, scheduleOf } from '../../domain/oncall-config.js';
import { ROTA_LAYERS, type OncallOverride, type OncallSchedule } from '../../domain/oncall-rota.js';
import { putNew } from './items.js';
import { storeCall } from './store-calls.js';
import { conditionalUpdate } from './store-writes.js';
import { KEY } from './table-layout.js';
import type { OncallStore } from '../../ports/oncall-store.js';

/**
 * | item     | pk                    | sk                                 |
 * |----------|-----------------------|------------------------------------|
 * | schedule | ONCALL#support-24x7   | SCHEDULE                           |
 * | override | ONCALL#support-24x7   | OVERRIDE#<ends at>#<override id>   |
 *
 * Overrides are sorted by when they end, so the live ones are one range read; a removed one is kept, marked.
 */
const partition = (scheduleId: string) => `ONCALL#${scheduleId}`;
const scheduleKey = (id: string) => ({ [KEY.partition]: partition(id), [KEY.sort]: 'SCHEDULE' });
const iso = (instant: number) => new Date(instant).toISOString();
const hhmm = (ms: number) => `${String(Math.floor(ms / 3_600_000)).padStart(2, '0')}:${String(Math.floor(ms / 60_000) % 60).padStart(2, '0')}`;

const storedSchedule = z.strictObject({ ...scheduleBodyShape(), id: z.string(), version: z.number() });

const storedOverride = z.object({
  id: z.string(),
  scheduleId: z.string(),
  layer: z.enum(ROTA_LAYERS),
  person: personSchema,
  from: z.number(),
  to: z.number(),
  createdAt: z.number(),
  createdBy: z.string(),
  removedAt: z.optional(z.nullable(z.number())),
});

/** On-call schedules and overrides on DynamoDB, in partitions of their own. */
export class DynamoDbOncallStore implements OncallStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async getSchedule(id: string): Promise<OncallSchedule | undefined> {
    const result = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(scheduleKey(id)), ConsistentRead: true })));
    if (!result.Item) return undefined;
    const { [KEY.partition]: _pk, [KEY.sort]: _sk, type: _type, ...fields } = unmarshall(result.Item);
    const { id: stored, version, ...body } = z.parse(storedSchedule, fields);
    return scheduleOf(stored, body, version);
  }

  async putSchedule(schedule: OncallSchedule): Promise<'applied' | 'stale'> {
    const item = marshall({
      ...scheduleKey(schedule.id),
      type: 'oncall-schedule',
      id: schedule.id,
      version: schedule.version,
      name: schedule.name,
      zone: schedule.zone,
      handover: { startDate: formatIsoDate(schedule.handover.startDate), time: hhmm(schedule.handover.time), rotationDays: schedule.handover.rotationDays },
      primary: schedule.primary,
      secondary: schedule.secondary,
      management: schedule.management,
    });
    const put =
      schedule.version === 1
        ? putNew(this.tableName, item)
        : { TableName: this.tableName, Item: item, ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: marshall({ ':previous': schedule.version - 1 }) };
    try {
      await storeCall(() => this.client.send(new PutItemCommand(put)));
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async currentOverrides(scheduleId: string, after: number): Promise<OncallOverride[]> {
    const found: OncallOverride[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const result = await storeCall(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
            ExpressionAttributeValues: marshall({ ':pk': partition(scheduleId), ':from': `OVERRIDE#${iso(after)}$`, ':to': 'OVERRIDE#~' }),
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const raw of result.Items ?? []) {
        const { removedAt, ...override } = z.parse(storedOverride, unmarshall(raw));
        if (removedAt === undefined || removedAt === null) found.push(override);
      }
      start = result.LastEvaluatedKey;
    } while (start);
    return found;
  }

  async putOverride(override: OncallOverride): Promise<void> {
    const item = marshall({ [KEY.partition]: partition(override.scheduleId), [KEY.sort]: `OVERRIDE#${iso(override.to)}#${override.id}`, type: 'oncall-override', ...override, removedAt: null });
    await storeCall(() => this.client.send(new PutItemCommand(putNew(this.tableName, item))));
  }

  async removeOverride(scheduleId: string, overrideId: string, by: string, at: number): Promise<'removed' | 'not-found'> {
    const live = (await this.currentOverrides(scheduleId, 0)).find((o) => o.id === overrideId);
    if (!live) return 'not-found';
    const removed = await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: marshall({ [KEY.partition]: partition(scheduleId), [KEY.sort]: `OVERRIDE#${iso(live.to)}#${live.id}` }),
      UpdateExpression: 'SET #removedAt = :at, #removedBy = :by',
      ConditionExpression: '#removedAt = :none',
      ExpressionAttributeNames: { '#removedAt': 'removedAt', '#removedBy': 'removedBy' },
      ExpressionAttributeValues: marshall({ ':at': at, ':by': by, ':none': null }),
    });
    return removed ? 'removed' : 'not-found';
  }
}
