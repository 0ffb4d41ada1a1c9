import { type DynamoDBClient, GetItemCommand, TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { aggregateChange, changedAggregate } from '../../domain/sla-aggregates.js';
import type { SupportCase } from '../../domain/support-case.js';
import { onlyConflicts, pauseBeforeRetry, sendTransaction, stillConflicting, storeCall } from './store-calls.js';
import { aggregateItem, aggregateKey, parseAggregate } from './report-aggregate-items.js';

/**
 * Attempts of a transaction whose only failure is that others were writing its items meanwhile (its aggregate, by
 * another case of its day and shard, or any item it holds): a burst of intakes at one institution (50 at once in the
 * store test) takes its turns on each shard. About 3 s at most, inside the function's 10 s.
 */
export const AGGREGATE_ATTEMPTS = 30;
/** The longest pause between two attempts, ms. */
const MAX_PAUSE_MS = 200;

/**
 * The aggregate write of a case's change (`previous` null: the case is counted for the first time): the aggregate
 * is read, changed and put back conditional on the version it was read at; none when the change leaves it as it is.
 * When the aggregate does not hold the case as `previous` (a replayed or stale change), a put whose condition never
 * holds stands in for it (`unheld`): the transaction cannot go through, whatever else it holds. (A put, not a
 * ConditionCheck, so that every function that writes cases needs no permission besides GetItem and PutItem.)
 */
async function aggregateWrite(client: DynamoDBClient, tableName: string, previous: SupportCase | null, next: SupportCase): Promise<{ item: TransactWriteItem; unheld: boolean } | null> {
  const change = aggregateChange(previous, next);
  if (change === null) return null;
  const key = marshall(aggregateKey(change.key));
  const found = await storeCall(() => client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true })));
  const current = found.Item ? parseAggregate(found.Item) : null;
  const changed = changedAggregate(current?.record ?? null, change);
  if (changed === null) return { item: { Put: { TableName: tableName, Item: found.Item ?? key, ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(pk)' } }, unheld: true };
  const item = aggregateItem(changed, (current?.version ?? 0) + 1);
  const condition = current
    ? { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: marshall({ ':version': current.version }) }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  return { item: { Put: { TableName: tableName, Item: item, ...condition } }, unheld: false };
}

/**
 * Sends the transaction `build` makes around the aggregate write of a case's change. The transaction is conditional
 * on the case's version (so a retried or failed one never counts twice) and on the aggregate's. It is read again and
 * sent again, in this one loop, when it failed only because others were writing the same items (another case of the
 * same day and shard: its aggregate's version moved on since it was read, or a transaction held one of its items).
 * Any other failure is thrown as it came.
 */
export async function transactWithAggregate(
  client: DynamoDBClient,
  tableName: string,
  counted: { readonly previous: SupportCase | null; readonly next: SupportCase },
  build: (aggregate: readonly TransactWriteItem[]) => TransactWriteItem[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const write = await aggregateWrite(client, tableName, counted.previous, counted.next);
    const items = build(write ? [write.item] : []);
    try {
      await sendTransaction(client, items);
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const failed = (error.CancellationReasons ?? []).flatMap((reason, i) => (reason.Code && reason.Code !== 'None' ? [{ item: items[i], code: reason.Code }] : []));
      const aggregateOnly = write !== null && failed.length === 1 && failed[0]!.item === write.item;
      // The case was as the change expects, but its aggregate does not count it so: never meant to happen, never to be papered over.
      if (aggregateOnly && write.unheld && failed[0]!.code === 'ConditionalCheckFailed') throw new Error(`the report aggregate of case ${counted.next.caseNumber} does not hold the case as it was before this change`);
      // Anything but lost races or a moved aggregate (the case's own condition, above all) is the caller's answer.
      if (!onlyConflicts(error) && !(aggregateOnly && failed[0]!.code === 'ConditionalCheckFailed')) throw error;
      if (attempt >= AGGREGATE_ATTEMPTS) throw stillConflicting();
      // Others are writing the same items (a burst of intakes or timers of one institution): step aside a little, more each time.
      await pauseBeforeRetry(attempt, MAX_PAUSE_MS);
    }
  }
}
