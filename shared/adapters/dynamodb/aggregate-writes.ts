import { type DynamoDBClient, GetItemCommand, TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { aggregateChange, changedAggregate } from '../../domain/sla-aggregates.js';
import type { SupportCase } from '../../domain/support-case.js';
import { storeCall, transactWrite } from './store-calls.js';
import { aggregateItem, aggregateKey, parseAggregate } from './report-aggregate-items.js';

/**
 * How a transaction with an aggregate is retried: besides lost races, when its aggregate alone failed its condition
 * (another case of its day and shard was written since it was read). A burst of intakes at one institution (50 at
 * once in the store test) takes its turns on each shard: 30 attempts, about 3 s of pauses on average, 6 s at most.
 */
export const AGGREGATE_ATTEMPTS = 30;
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
 * on the case's version (so a retried or failed one never counts twice) and on the aggregate's; the aggregate is read
 * again before each attempt (`transactWrite`'s one retry loop). Any other failure is thrown as it came.
 */
export async function transactWithAggregate(
  client: DynamoDBClient,
  tableName: string,
  counted: { readonly previous: SupportCase | null; readonly next: SupportCase },
  build: (aggregate: readonly TransactWriteItem[]) => TransactWriteItem[],
): Promise<void> {
  let write: Awaited<ReturnType<typeof aggregateWrite>> = null;
  const items = async () => {
    write = await aggregateWrite(client, tableName, counted.previous, counted.next);
    return build(write ? [write.item] : []);
  };
  const aggregateMoved = (error: TransactionCanceledException, sent: readonly TransactWriteItem[]) => {
    const failed = (error.CancellationReasons ?? []).flatMap((reason, i) => (reason.Code && reason.Code !== 'None' ? [{ item: sent[i], code: reason.Code }] : []));
    if (write === null || failed.length !== 1 || failed[0]!.item !== write.item || failed[0]!.code !== 'ConditionalCheckFailed') return false;
    // The case was as the change expects, but its aggregate does not count it so: never meant to happen, never to be papered over.
    if (write.unheld) throw new Error(`the report aggregate of case ${counted.next.caseNumber} does not hold the case as it was before this change`);
    return true;
  };
  await transactWrite(client, items, { attempts: AGGREGATE_ATTEMPTS, maxPauseMs: MAX_PAUSE_MS, retryable: aggregateMoved });
}
