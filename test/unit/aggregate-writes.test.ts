import { DynamoDBClient, GetItemCommand, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AGGREGATE_ATTEMPTS, transactWithAggregate } from '../../shared/adapters/dynamodb/aggregate-writes.js';
import { DomainError } from '../../shared/domain/errors.js';
import { storedCase } from '../support/builders.js';

/**
 * The retries of a transaction that holds a report aggregate, where DynamoDB Local cannot be made to fail on demand:
 * the transactions it answers and the races it loses are given here; what is asserted is what the adapter sends. The
 * counts themselves are tested against DynamoDB Local (test/flows/report-aggregates.test.ts).
 */
const dynamo = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'eu-west-2' });

const opened = storedCase();

/** The case's own write; the aggregate's write follows it in the transaction. */
const caseWrite = { Put: { TableName: 'cases', Item: { pk: { S: 'CASE#00000042' }, sk: { S: 'CASE' } }, ConditionExpression: 'attribute_not_exists(pk)' } };
const send = () => transactWithAggregate(client, 'cases', { previous: null, next: opened }, (aggregate) => [caseWrite, ...aggregate]);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  dynamo.reset();
  // No aggregate for the day yet: the first case of it creates the item.
  dynamo.on(GetItemCommand).resolves({});
});

describe('a transaction with a report aggregate', () => {
  it('reads the aggregate again and sends again when only the aggregate was written meanwhile', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed')).resolves({});
    await send();
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(2);
  });

  it('sends again when it only lost a race for its aggregate, in one loop of attempts (not a loop of retries inside each attempt)', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('None', 'TransactionConflict'));
    // Spent, it is a 503 to retry later: never "a condition failed", which would send the caller to decide again.
    // The pauses between attempts pass on a fake clock; what is counted is what was sent.
    vi.useFakeTimers();
    try {
      const sent = send();
      const settled = expect(sent).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'store-unavailable');
      await vi.runAllTimersAsync();
      await settled;
    } finally {
      vi.useRealTimers();
    }
    // One budget of attempts in all (each attempt reads the aggregate once and sends once).
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(AGGREGATE_ATTEMPTS);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(AGGREGATE_ATTEMPTS);
  });

  it('gives up at once when the aggregate does not hold the case as it was: never retried, never papered over', async () => {
    // The stored aggregate counts nothing, but the change says the case was counted before (a replayed or stale change).
    const counted = { ...opened, version: 2, status: 'resolved' as const };
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(transactWithAggregate(client, 'cases', { previous: opened, next: counted }, (aggregate) => [caseWrite, ...aggregate])).rejects.toThrow(/does not hold the case/);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it('gives up at once when the aggregate moved and another item failed too (the caller decides again)', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('TransactionConflict', 'ConditionalCheckFailed'));
    await expect(send()).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });

  it('gives up at once when the case itself failed its condition (the caller decides again)', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(send()).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(1);
  });
});
