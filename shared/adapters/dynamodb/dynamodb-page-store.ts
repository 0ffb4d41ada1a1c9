import { type AttributeValue, type DynamoDBClient, GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { PageDelivery, PageRecord } from '../../domain/paging.js';
import { RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import type { Page } from '../../ports/case-update-store.js';
import type { PageAckWrite, PageStepWrite, PageStore, StoredDelivery } from '../../ports/page-store.js';
import { casePartition, claimUpdate, eventItem, idempotencyItem, putNew, releaseUpdate, settleTimer } from './items.js';
import { caseItemsBeginningWith, monthOf, monthsFromTo, queryBetween, storeCall } from './store-calls.js';
import { conditionalUpdate, page, queryUnsent, transact } from './store-writes.js';
import { INDEXES, KEY } from './table-layout.js';

/**
 * | item         | pk            | sk                      | indexes                                          |
 * |--------------|---------------|-------------------------|--------------------------------------------------|
 * | page         | CASE#00000042 | PAGE#p0001              | by-month (`PAGES#<month>`, started) for reports   |
 * | page message | CASE#00000042 | PAGED#p1-s2-sms-0       | pending (`PAGEBOX`, created) until sent or failed |
 */
const pageKey = (caseNumber: string, pageNo: number) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: `PAGE#p${String(pageNo).padStart(4, '0')}` });
const deliveryKey = (caseNumber: string, deliveryId: string) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: `PAGED#${deliveryId}` });
const iso = (instant: number) => new Date(instant).toISOString();

const personSchema = z.object({ name: z.string(), phone: z.string(), email: z.string() });
const nullable = <T extends z.core.SomeType>(schema: T) => z.nullable(schema);

const pageSchema = z.object({
  pageId: z.string(),
  caseNumber: z.string(),
  pageNo: z.number(),
  level: z.enum(RESPONSE_LEVELS),
  institution: z.string(),
  title: z.string(),
  startedAt: z.number(),
  status: z.enum(['open', 'acknowledged']),
  lastStep: z.number(),
  stepsSent: z.number(),
  repeats: z.number(),
  escalations: z.number(),
  acknowledgedAt: nullable(z.number()),
  acknowledgedBy: nullable(z.string()),
  acknowledgedVia: nullable(z.enum(['link', 'portal'])),
});

const deliverySchema = z.object({
  deliveryId: z.string(),
  pageId: z.string(),
  caseNumber: z.string(),
  step: z.number(),
  recipient: z.number(),
  channel: z.enum(['sms', 'email']),
  to: personSchema,
  subject: z.string(),
  text: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number(),
});

const parsePage = (item: Record<string, AttributeValue>): PageRecord => z.parse(pageSchema, unmarshall(item));
const parseDelivery = (item: Record<string, AttributeValue>): StoredDelivery => z.parse(deliverySchema, unmarshall(item));

/** Pages and their outbox on DynamoDB, next to the case they are about; every state change is conditional. */
export class DynamoDbPageStore implements PageStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private pageItem(record: PageRecord): Record<string, AttributeValue> {
    return marshall({
      ...pageKey(record.caseNumber, record.pageNo),
      type: 'page',
      ...record,
      [INDEXES.byMonth.partition]: `PAGES#${iso(record.startedAt).slice(0, 7)}`,
      [INDEXES.byMonth.sort]: `${iso(record.startedAt)}#${record.pageId}`,
    });
  }

  /** The page, written only over the state it was decided on (still open, at the same step). */
  private putPage(previous: PageRecord | undefined, next: PageRecord): TransactWriteItem {
    if (!previous) return { Put: putNew(this.tableName, this.pageItem(next)) };
    return {
      Put: {
        TableName: this.tableName,
        Item: this.pageItem(next),
        ConditionExpression: '#status = :open AND #lastStep = :lastStep',
        ExpressionAttributeNames: { '#status': 'status', '#lastStep': 'lastStep' },
        ExpressionAttributeValues: marshall({ ':open': 'open', ':lastStep': previous.lastStep }),
      },
    };
  }

  async getPage(caseNumber: string, pageNo: number): Promise<PageRecord | undefined> {
    const result = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(pageKey(caseNumber, pageNo)), ConsistentRead: true })));
    return result.Item ? parsePage(result.Item) : undefined;
  }

  async listPages(caseNumber: string): Promise<PageRecord[]> {
    return (await caseItemsBeginningWith(this.client, this.tableName, casePartition(caseNumber), 'PAGE#')).map(parsePage);
  }

  recordStep(write: PageStepWrite): Promise<'applied' | 'stale'> {
    const createdAt = iso(Date.parse(write.event.at));
    return transact(this.client, [
      this.putPage(write.previous, write.next),
      { Update: settleTimer(this.tableName, write.fire, 'fired') },
      ...write.skip.map((timer) => ({ Update: settleTimer(this.tableName, timer, 'cancelled') })),
      { Put: putNew(this.tableName, eventItem(write.next.caseNumber, write.event)) },
      ...write.deliveries.map((delivery) => ({ Put: putNew(this.tableName, this.deliveryItem(delivery, createdAt)) })),
    ]);
  }

  private deliveryItem(delivery: PageDelivery, createdAt: string): Record<string, AttributeValue> {
    return marshall({
      ...deliveryKey(delivery.caseNumber, delivery.deliveryId),
      type: 'page-message',
      ...delivery,
      status: 'pending',
      attempts: 0,
      leaseUntil: 0,
      createdAt,
      [INDEXES.pending.partition]: 'PAGEBOX',
      [INDEXES.pending.sort]: `${createdAt}#${delivery.caseNumber}#${delivery.deliveryId}`,
    });
  }

  acknowledge(write: PageAckWrite): Promise<'applied' | 'stale'> {
    return transact(this.client, [
      this.putPage(write.previous, write.next),
      ...write.cancel.map((timer) => ({ Update: settleTimer(this.tableName, timer, 'cancelled') })),
      { Put: putNew(this.tableName, eventItem(write.next.caseNumber, write.event)) },
      ...(write.idempotency ? [{ Put: putNew(this.tableName, idempotencyItem(write.idempotency.record, write.next.caseNumber, write.event.at, write.idempotency.result)) }] : []),
    ]);
  }

  async getDelivery(caseNumber: string, deliveryId: string): Promise<StoredDelivery | undefined> {
    const result = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(deliveryKey(caseNumber, deliveryId)), ConsistentRead: true })));
    return result.Item ? parseDelivery(result.Item) : undefined;
  }

  async unsentDeliveries(now: number, limit: number, after?: string): Promise<Page<StoredDelivery>> {
    const result = await queryUnsent(this.client, this.tableName, 'PAGEBOX', now, limit, after);
    return page((result.Items ?? []).map(parseDelivery), result.LastEvaluatedKey);
  }

  async claimDelivery(caseNumber: string, deliveryId: string, now: number, leaseUntil: number): Promise<StoredDelivery | undefined> {
    const result = await conditionalUpdate(this.client, claimUpdate(this.tableName, deliveryKey(caseNumber, deliveryId), now, leaseUntil));
    return result?.Attributes ? parseDelivery(result.Attributes) : undefined;
  }

  async settleDelivery(delivery: StoredDelivery, outcome: 'sent' | 'failed', at: number): Promise<void> {
    await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: marshall(deliveryKey(delivery.caseNumber, delivery.deliveryId)),
      UpdateExpression: `SET #status = :outcome, #settledAt = :at REMOVE ${INDEXES.pending.partition}, ${INDEXES.pending.sort}`,
      ConditionExpression: '#status = :sending',
      ExpressionAttributeNames: { '#status': 'status', '#settledAt': 'settledAt' },
      ExpressionAttributeValues: marshall({ ':outcome': outcome, ':sending': 'sending', ':at': iso(at) }),
    });
  }

  async releaseDelivery(caseNumber: string, deliveryId: string): Promise<void> {
    await conditionalUpdate(this.client, releaseUpdate(this.tableName, deliveryKey(caseNumber, deliveryId)));
  }

  async pagesStartedBetween(from: number, to: number): Promise<PageRecord[]> {
    const found: PageRecord[] = [];
    for (const month of monthsFromTo(monthOf(from), monthOf(to - 1))) {
      const { items } = await queryBetween(this.client, { tableName: this.tableName, index: INDEXES.byMonth, partition: `PAGES#${month}`, lower: iso(from), upper: `${iso(to - 1)}$` });
      found.push(...items.map(parsePage));
    }
    return found;
  }
}
