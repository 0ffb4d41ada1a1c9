import { type AttributeValue, type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { SupportCase } from '../../domain/support-case.js';
import type { CaseBackfill } from '../../ports/case-backfill.js';
import { parseCase } from './case-item.js';
import { COUNTER_KEY, LISTED } from './items.js';
import { REPORTED, REPORT_FORM } from './report-aggregate-items.js';
import { monthOf, monthsFromTo, storeCall } from './store-calls.js';
import { INDEXES } from './table-layout.js';

/** Positions of the backfill's walk: the month and where its query stopped. */
const backfillPositionSchema = z.object({ month: z.string(), key: z.optional(z.record(z.string(), z.any())) });

/** The cases the backfill completes, found month by month through the month index (only the backfill reads them; no function bundles it). */
export class DynamoDbCaseBackfill implements CaseBackfill {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private async firstPosition(): Promise<{ month: string; key?: undefined } | undefined> {
    const counter = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(COUNTER_KEY), ConsistentRead: true })));
    const firstMonth = counter.Item?.firstMonth?.S;
    return firstMonth === undefined ? undefined : { month: firstMonth };
  }

  async casesToBackfill(limit: number, after?: string): Promise<{ items: SupportCase[]; next?: string }> {
    // The first page starts at the first month with cases (from the counter); a later one where the previous stopped.
    const position = after === undefined ? await this.firstPosition() : backfillPositionSchema.parse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8')));
    if (position === undefined) return { items: [] };
    const months = monthsFromTo(position.month, monthOf(Date.now()));
    let startKey = position.key as Record<string, AttributeValue> | undefined;
    for (const month of months) {
      const page = await storeCall(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEXES.byMonth.name,
            KeyConditionExpression: '#pk = :pk',
            // Not counted in the aggregates' present form (never, or in an earlier one), or not listed.
            FilterExpression: 'attribute_not_exists(#reported) OR #reported <> :form OR attribute_not_exists(#listed)',
            ExpressionAttributeNames: { '#pk': INDEXES.byMonth.partition, '#reported': REPORTED, '#listed': LISTED },
            ExpressionAttributeValues: marshall({ ':pk': `MONTH#${month}`, ':form': REPORT_FORM }),
            Limit: limit,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      const items = (page.Items ?? []).map(parseCase);
      if (page.LastEvaluatedKey) return { items, next: Buffer.from(JSON.stringify({ month, key: page.LastEvaluatedKey })).toString('base64url') };
      const following = months[months.indexOf(month) + 1];
      if (items.length > 0) return following ? { items, next: Buffer.from(JSON.stringify({ month: following })).toString('base64url') } : { items };
      startKey = undefined;
    }
    return { items: [] };
  }
}
