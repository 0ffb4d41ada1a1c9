import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { TimelineEvent } from '../../domain/timeline-event.js';
import type { Page } from '../../ports/case-update-store.js';
import { eventItem, putNew } from './items.js';
import { storeCall, transactWrite } from './store-calls.js';
import { INDEXES } from './table-layout.js';

/** The calls the stores share: one conditional transaction, one conditional update, timeline appends, one page of the pending index. */

/** One transaction; `stale` when a condition failed (nothing was written). */
export async function transact(client: DynamoDBClient, items: TransactWriteItem[]): Promise<'applied' | 'stale'> {
  try {
    await transactWrite(client, items);
    return 'applied';
  } catch (error) {
    if (error instanceof TransactionCanceledException) return 'stale';
    throw error;
  }
}

/** Events appended to a case's timeline, one new item each (they never conflict with each other). */
export async function appendEventItems(client: DynamoDBClient, tableName: string, caseNumber: string, events: readonly TimelineEvent[]): Promise<'applied'> {
  for (const event of events) await storeCall(() => client.send(new PutItemCommand(putNew(tableName, eventItem(caseNumber, event)))));
  return 'applied';
}

/** An update whose condition may fail: undefined when it did. */
export async function conditionalUpdate(client: DynamoDBClient, input: UpdateItemCommandInput) {
  try {
    return await storeCall(() => client.send(new UpdateItemCommand(input)));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Positions in the pending index are only ever handed back to the store, so they need no more than base64. */
function startAfter(after: string | undefined): { ExclusiveStartKey?: Record<string, AttributeValue> } {
  return after ? { ExclusiveStartKey: JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Record<string, AttributeValue> } : {};
}

export function page<T>(items: T[], lastKey: Record<string, AttributeValue> | undefined): Page<T> {
  return lastKey ? { items, next: Buffer.from(JSON.stringify(lastKey)).toString('base64url') } : { items };
}

/** One page of the sparse index of pending timers and unsent messages. */
export function queryPending(
  client: DynamoDBClient,
  tableName: string,
  limit: number,
  after: string | undefined,
  query: Pick<QueryCommandInput, 'KeyConditionExpression' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
) {
  return storeCall(() => client.send(new QueryCommand({ TableName: tableName, IndexName: INDEXES.pending.name, Limit: limit, ...startAfter(after), ...query })));
}

/**
 * One page of an outbox's partition of the pending index (alerts `OUTBOX`, customer mail `OUTMAIL`, page deliveries
 * `PAGEBOX`): items pending, or claimed by a sender whose lease ran out.
 */
export function queryUnsent(client: DynamoDBClient, tableName: string, box: 'OUTBOX' | 'OUTMAIL' | 'PAGEBOX', now: number, limit: number, after: string | undefined) {
  return queryPending(client, tableName, limit, after, {
    KeyConditionExpression: '#pk = :box',
    FilterExpression: '#status = :pending OR (#status = :sending AND #lease < :now)',
    ExpressionAttributeNames: { '#pk': INDEXES.pending.partition, '#status': 'status', '#lease': 'leaseUntil' },
    ExpressionAttributeValues: marshall({ ':box': box, ':pending': 'pending', ':sending': 'sending', ':now': now }),
  });
}
