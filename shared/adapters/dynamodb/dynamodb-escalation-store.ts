import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SupportCase } from '../../domain/support-case.js';
import type { TimelineEvent } from '../../domain/timeline-event.js';
import type { EscalationStore, Page, SlaChange, StoredAlert, StoredTimer } from '../../ports/escalation-store.js';
import { alertItem, alertKey, caseItem, caseKey, casePartition, eventItem, parseAlert, parseCase, parseTimer, storeCall, timerItem, timerKey } from './items.js';
import { INDEXES, KEY } from './table-layout.js';

const PENDING = INDEXES.pending;

/** Positions in the pending index are only ever handed back to this store, so they need no more than base64. */
function startAfter(after: string | undefined): { ExclusiveStartKey?: Record<string, AttributeValue> } {
  return after ? { ExclusiveStartKey: JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Record<string, AttributeValue> } : {};
}

function page<T>(items: T[], lastKey: Record<string, AttributeValue> | undefined): Page<T> {
  return lastKey ? { items, next: Buffer.from(JSON.stringify(lastKey)).toString('base64url') } : { items };
}

/** Timers and the alert outbox on DynamoDB; every state change is a conditional write. */
export class DynamoDbEscalationStore implements EscalationStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async loadCase(caseNumber: string): Promise<{ supportCase: SupportCase; timers: StoredTimer[] } | undefined> {
    const [caseResult, timerResult] = await Promise.all([
      storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(caseKey(caseNumber)), ConsistentRead: true }))),
      storeCall(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :timer)',
            ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
            ExpressionAttributeValues: marshall({ ':pk': casePartition(caseNumber), ':timer': 'TIMER#' }),
            ConsistentRead: true,
          }),
        ),
      ),
    ]);
    if (!caseResult.Item) return undefined;
    return { supportCase: parseCase(caseResult.Item), timers: (timerResult.Items ?? []).map(parseTimer) };
  }

  async applySlaChange(change: SlaChange): Promise<'applied' | 'stale'> {
    const caseNumber = change.next.caseNumber;
    const put = (Item: Record<string, AttributeValue>): TransactWriteItem => ({
      Put: { TableName: this.tableName, Item, ConditionExpression: `attribute_not_exists(${KEY.partition})` },
    });
    const settle = (timer: StoredTimer, status: 'fired' | 'cancelled'): TransactWriteItem => ({
      Update: {
        TableName: this.tableName,
        Key: marshall(timerKey(caseNumber, timer.kind, timer.revision)),
        UpdateExpression: `SET #status = :to REMOVE ${PENDING.partition}, ${PENDING.sort}`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':to': status, ':pending': 'pending' }),
      },
    });
    const items: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: caseItem(change.next),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: marshall({ ':version': change.previous.version }),
        },
      },
      ...(change.fire ? [settle(change.fire, 'fired')] : []),
      ...change.cancel.map((timer) => settle(timer, 'cancelled')),
      ...change.create.map((timer) => put(timerItem(caseNumber, timer))),
      ...change.events.map((event) => put(eventItem(caseNumber, event))),
      ...change.alerts.map((alert) => put(alertItem(alert, change.next.updatedAt))),
    ];
    try {
      await storeCall(() => this.client.send(new TransactWriteItemsCommand({ TransactItems: items })));
      return 'applied';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'stale';
      throw error;
    }
  }

  async retireTimer(timer: StoredTimer): Promise<void> {
    await this.conditionalUpdate({
      Key: marshall(timerKey(timer.caseNumber, timer.kind, timer.revision)),
      UpdateExpression: `SET #status = :cancelled REMOVE ${PENDING.partition}, ${PENDING.sort}`,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':cancelled': 'cancelled', ':pending': 'pending' }),
    });
  }

  async dueTimers(now: number, limit: number, after?: string): Promise<Page<StoredTimer>> {
    const result = await storeCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: PENDING.name,
          // Sort keys are `<due instant>#<case>#<kind>`: everything below `<now>$` is due ('$' follows '#').
          KeyConditionExpression: '#pk = :timers AND #sk < :upper',
          ExpressionAttributeNames: { '#pk': PENDING.partition, '#sk': PENDING.sort },
          ExpressionAttributeValues: marshall({ ':timers': 'TIMER', ':upper': `${new Date(now).toISOString()}$` }),
          Limit: limit,
          ...startAfter(after),
        }),
      ),
    );
    return page((result.Items ?? []).map(parseTimer).filter((timer) => timer.status === 'pending'), result.LastEvaluatedKey);
  }

  async unsentAlerts(now: number, limit: number, after?: string): Promise<Page<StoredAlert>> {
    const result = await storeCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: PENDING.name,
          KeyConditionExpression: '#pk = :outbox',
          FilterExpression: '#status = :pending OR (#status = :sending AND #lease < :now)',
          ExpressionAttributeNames: { '#pk': PENDING.partition, '#status': 'status', '#lease': 'leaseUntil' },
          ExpressionAttributeValues: marshall({ ':outbox': 'OUTBOX', ':pending': 'pending', ':sending': 'sending', ':now': now }),
          Limit: limit,
          ...startAfter(after),
        }),
      ),
    );
    return page((result.Items ?? []).map(parseAlert), result.LastEvaluatedKey);
  }

  async claimAlert(caseNumber: string, alertId: string, now: number, leaseUntil: number): Promise<StoredAlert | undefined> {
    const result = await this.conditionalUpdate({
      Key: marshall(alertKey(caseNumber, alertId)),
      UpdateExpression: 'SET #status = :sending, #lease = :lease ADD #attempts :one',
      ConditionExpression: `attribute_exists(${KEY.partition}) AND (#status = :pending OR (#status = :sending AND #lease < :now))`,
      ExpressionAttributeNames: { '#status': 'status', '#lease': 'leaseUntil', '#attempts': 'attempts' },
      ExpressionAttributeValues: marshall({ ':sending': 'sending', ':pending': 'pending', ':lease': leaseUntil, ':now': now, ':one': 1 }),
      ReturnValues: 'ALL_NEW',
    });
    return result?.Attributes ? parseAlert(result.Attributes) : undefined;
  }

  async markAlertSent(alert: StoredAlert, event: TimelineEvent): Promise<void> {
    try {
      await storeCall(() =>
        this.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: marshall(alertKey(alert.caseNumber, alert.alertId)),
                  UpdateExpression: `SET #status = :sent, #sentAt = :at REMOVE ${PENDING.partition}, ${PENDING.sort}`,
                  ConditionExpression: '#status = :sending',
                  ExpressionAttributeNames: { '#status': 'status', '#sentAt': 'sentAt' },
                  ExpressionAttributeValues: marshall({ ':sent': 'sent', ':sending': 'sending', ':at': event.at }),
                },
              },
              { Put: { TableName: this.tableName, Item: eventItem(alert.caseNumber, event), ConditionExpression: `attribute_not_exists(${KEY.partition})` } },
            ],
          }),
        ),
      );
    } catch (error) {
      // Already recorded as sent by whoever took the alert over: nothing to do.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }

  async releaseAlert(caseNumber: string, alertId: string): Promise<void> {
    await this.conditionalUpdate({
      Key: marshall(alertKey(caseNumber, alertId)),
      UpdateExpression: 'SET #status = :pending',
      ConditionExpression: '#status = :sending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':pending': 'pending', ':sending': 'sending' }),
    });
  }

  /** An update whose condition may fail: undefined when it did. */
  private async conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateItemCommand>[0], 'TableName'>) {
    try {
      return await storeCall(() => this.client.send(new UpdateItemCommand({ TableName: this.tableName, ...input })));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
