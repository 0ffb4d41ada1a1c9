import { type AttributeValue, type DynamoDBClient, QueryCommand, TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../../domain/errors.js';
import { KEY } from './table-layout.js';

/** How every store calls DynamoDB: errors that mean "retry later" made the domain's, transactions, period queries. */

/** Errors that mean "the store is not answering now": a retry later may succeed, nothing was lost. */
function isUnavailable(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string };
  if (e.$retryable) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return (
    [
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'InternalServerError',
      'ServiceUnavailable',
      'TimeoutError',
      'TransactionConflictException',
    ].includes(e.name ?? '') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(e.code ?? '')
  );
}

/** Runs a DynamoDB call, turning "not answering now" into the domain's `store-unavailable`. */
export async function storeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (isUnavailable(error)) throw new DomainError('store-unavailable', 'the case store is not available right now; retry later', { cause: (error as Error).name });
    throw error;
  }
}

/** Attempts of a transaction that only lost a race for an item (no condition failed): it wrote nothing, so it is sent again. */
const CONFLICT_ATTEMPTS = 6;

/** Whether a cancelled transaction only lost races for its items (TransactionConflict) and failed no condition: it wrote nothing. */
export const onlyConflicts = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict') &&
  (error.CancellationReasons ?? []).every((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'None' || reason.Code === undefined);

/** One transaction, sent once. */
export async function sendTransaction(client: DynamoDBClient, items: TransactWriteItem[]): Promise<void> {
  await storeCall(() => client.send(new TransactWriteItemsCommand({ TransactItems: items })));
}

/** A random pause before the next attempt, longer after each (`attempt` counts from 1), never over `maxMs`. */
export const pauseBeforeRetry = (attempt: number, maxMs: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxMs, 20 * 2 ** attempt)));

/**
 * What a transaction that kept losing races answers once its attempts are spent: the store is too busy with the same
 * items now (503 with Retry-After), never "a condition failed", which would tell the caller the data had changed.
 */
export const stillConflicting = () => new DomainError('store-unavailable', 'the case store is busy with the same items; retry later', { cause: 'TransactionConflict' });

/**
 * One transaction. Two transactions at the same moment may collide on an item (TransactionConflict): the loser wrote
 * nothing and is sent again after a short, random wait; after its last attempt it is `stillConflicting`. A failed
 * condition is never retried here; it is the caller's answer. (A transaction that holds a report aggregate, the
 * items most written at once, is sent by `transactWithAggregate`, which retries in its own loop.)
 */
export async function transactWrite(client: DynamoDBClient, items: TransactWriteItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sendTransaction(client, items);
      return;
    } catch (error) {
      if (!onlyConflicts(error)) throw error;
      if (attempt >= CONFLICT_ATTEMPTS) throw stillConflicting();
      await pauseBeforeRetry(attempt, 640);
    }
  }
}

/** The items of one case's partition whose sort key begins with `prefix` (its timers, its pages), read consistently in one query. */
export async function caseItemsBeginningWith(client: DynamoDBClient, tableName: string, partition: string, prefix: string): Promise<Record<string, AttributeValue>[]> {
  const result = await storeCall(() =>
    client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: marshall({ ':pk': partition, ':prefix': prefix }),
        ConsistentRead: true,
      }),
    ),
  );
  return result.Items ?? [];
}

/** The UTC month (YYYY-MM) of an instant: what the month partitions are named by. */
export const monthOf = (instant: number) => new Date(instant).toISOString().slice(0, 7);

/** YYYY-MM from `first` to `last`, in order. */
export function monthsFromTo(first: string, last: string): string[] {
  const months: string[] = [];
  for (let [year, month] = first.split('-').map(Number) as [number, number]; `${year}-${String(month).padStart(2, '0')}` <= last; month === 12 ? ((year += 1), (month = 1)) : (month += 1)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return months;
}

/** Every item of one partition (of the table, or of an index) whose sort key is between `lower` and `upper`, page after page. */
export async function queryBetween(
  client: DynamoDBClient,
  input: { readonly tableName: string; readonly index?: { readonly name: string; readonly partition: string; readonly sort: string }; readonly partition: string; readonly lower: string; readonly upper: string },
): Promise<{ items: Record<string, AttributeValue>[]; scanned: number }> {
  const items: Record<string, AttributeValue>[] = [];
  let scanned = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await storeCall(() =>
      client.send(
        new QueryCommand({
          TableName: input.tableName,
          ...(input.index ? { IndexName: input.index.name } : {}),
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lower AND :upper',
          ExpressionAttributeNames: { '#pk': input.index?.partition ?? KEY.partition, '#sk': input.index?.sort ?? KEY.sort },
          ExpressionAttributeValues: marshall({ ':pk': input.partition, ':lower': input.lower, ':upper': input.upper }),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    scanned += page.ScannedCount ?? 0;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, scanned };
}
