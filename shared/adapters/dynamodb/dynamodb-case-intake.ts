import { type AttributeValue, type DynamoDBClient, TransactionCanceledException, type TransactWriteItem, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../../domain/errors.js';
import type { CaseIntake, CreateCaseResult, NewCase } from '../../ports/case-intake.js';
import { transactWithAggregate } from './aggregate-writes.js';
import { DynamoDbIdempotencyRecords } from './idempotency-records.js';
import { COUNTER_KEY, alertItem, caseItem, eventItem, idempotencyItem, listEntryItems, mailItem, putNew, secretsKey, timerItem } from './items.js';
import { isStillConflicting, monthOf, storeCall } from './store-calls.js';

/** Intake on DynamoDB: case numbers from the counter item, and each new case written in one transaction with its report aggregate. */
export class DynamoDbCaseIntake implements CaseIntake {
  private readonly idempotency: DynamoDbIdempotencyRecords;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** The secrets table; intake writes to it and never reads it. */
    private readonly secretsTableName: string,
  ) {
    this.idempotency = new DynamoDbIdempotencyRecords(client, tableName);
  }

  async allocateCaseNumber(openedAt: number): Promise<number> {
    const result = await storeCall(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(COUNTER_KEY),
          UpdateExpression: 'SET #first = if_not_exists(#first, :month) ADD #last :one',
          ExpressionAttributeNames: { '#first': 'firstMonth', '#last': 'last' },
          ExpressionAttributeValues: marshall({ ':month': monthOf(openedAt), ':one': 1 }),
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    const last = result.Attributes?.last?.N;
    if (last === undefined) throw new Error('case counter update returned no value');
    return Number(last);
  }

  async createCase({ supportCase, secrets, idempotency, event, timers, alerts, mails = [] }: NewCase): Promise<CreateCaseResult> {
    const put = (item: Record<string, AttributeValue>): TransactWriteItem => ({ Put: putNew(this.tableName, item) });
    const items: TransactWriteItem[] = [
      put(caseItem(supportCase)),
      put(eventItem(supportCase.caseNumber, event)),
      ...timers.map((timer) => put(timerItem(supportCase.caseNumber, timer))),
      ...alerts.map((alert) => put(alertItem(alert, supportCase.createdAt))),
      ...mails.map((mail) => put(mailItem(mail, supportCase.createdAt))),
      ...listEntryItems(supportCase).map(put),
    ];
    if (secrets.appCredentials !== null || secrets.remoteAccess !== null) {
      items.push({ Put: putNew(this.secretsTableName, marshall({ ...secretsKey(supportCase.caseNumber), ...secrets })) });
    }
    if (idempotency) items.push(put(idempotencyItem(idempotency, supportCase.caseNumber, supportCase.createdAt)));

    try {
      await transactWithAggregate(this.client, this.tableName, { previous: null, next: supportCase }, (aggregate) => [...items, ...aggregate]);
      return { outcome: 'created', supportCase };
    } catch (error) {
      if (!idempotency) throw error;
      // Another request with the same key may have won the race: then answer with what it recorded.
      if (!(error instanceof TransactionCanceledException || isStillConflicting(error))) throw error;
      const existing = await this.idempotency.findIdempotency(idempotency.scope, idempotency.key);
      if (!existing) throw error instanceof DomainError ? error : new DomainError('store-unavailable', 'the case could not be recorded; retry');
      return { outcome: 'idempotency-key-taken', existing };
    }
  }
}
