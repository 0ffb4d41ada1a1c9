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

/** Whether a cancelled transaction only lost races for its items (TransactionConflict) and failed no condition: it wrote nothing. */
const onlyConflicts = (error: TransactionCanceledException): boolean =>
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict') &&
  (error.CancellationReasons ?? []).every((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'None' || reason.Code === undefined);

/**
 * What a transaction that kept losing races answers once its attempts are spent: the store is too busy with the same
 * items now (503 with Retry-After), never "a condition failed", which would tell the caller the data had changed.
 */
const stillConflicting = () => new DomainError('store-unavailable', 'the case store is busy with the same items; retry later', { cause: 'TransactionConflict' });

/** Whether an error is a transaction that kept losing races until its attempts were spent. */
export const isStillConflicting = (error: unknown): boolean => error instanceof DomainError && error.details.cause === 'TransactionConflict';

/** How a transaction is retried: how often, how long it waits at most between attempts, and what else is worth another attempt. */
export interface TransactionRetries {
  readonly attempts: number;
  readonly maxPauseMs: number;
  /** Besides lost races: whether a cancelled transaction of these items is made again and sent again (it may throw its own error). */
  readonly retryable?: (error: TransactionCanceledException, items: readonly TransactWriteItem[]) => boolean;
}

/** Two transactions at the same moment may collide on an item; the loser wrote nothing and is sent again. */
const LOST_RACES: TransactionRetries = { attempts: 6, maxPauseMs: 640 };

/**
 * One transaction, made by `items` (again before each attempt when it is a function: an item may have to be read
 * anew). A transaction that only lost races (TransactionConflict), or that `retries.retryable` says is worth it, is
 * sent again after a short random wait, longer each time; once its attempts are spent it is `store-unavailable`
 * (`isStillConflicting`). Any other failure, a failed condition above all, is the caller's answer.
 */
export async function transactWrite(
  client: DynamoDBClient,
  items: TransactWriteItem[] | (() => Promise<TransactWriteItem[]>),
  retries: TransactionRetries = LOST_RACES,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const sent = typeof items === 'function' ? await items() : items;
    try {
      await storeCall(() => client.send(new TransactWriteItemsCommand({ TransactItems: sent })));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) || !(onlyConflicts(error) || retries.retryable?.(error, sent))) throw error;
      if (attempt >= retries.attempts) throw stillConflicting();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(retries.maxPauseMs, 20 * 2 ** attempt)));
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
