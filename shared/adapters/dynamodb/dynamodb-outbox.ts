import { ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, PutItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { TimelineEvent } from '../../domain/timeline-event.js';
import type { Page } from '../../ports/case-update-store.js';
import type { MailSuppression, Outbox, StoredAlert, StoredMail } from '../../ports/outbox.js';
import { YEAR_SECONDS, alertKey, claimUpdate, eventItem, mailKey, messageKey, putNew, releaseUpdate, seenKey, suppressionKey } from './items.js';
import { parseAlert, parseMail } from './outbox-items.js';
import { storeCall } from './store-calls.js';
import { conditionalUpdate, page, queryUnsent, transact } from './store-writes.js';
import { INDEXES, TTL_ATTRIBUTE } from './table-layout.js';

type ItemKey = Record<string, string>;
const expiresAfterAYear = (at: string) => Math.floor(Date.parse(at) / 1000) + YEAR_SECONDS;

const PENDING = INDEXES.pending;

/** The outbox on DynamoDB: alert and mail items taken, recorded as sent or given back by conditional writes; mail bookkeeping items. */
export class DynamoDbOutbox implements Outbox {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async unsentAlerts(now: number, limit: number, after?: string): Promise<Page<StoredAlert>> {
    const result = await queryUnsent(this.client, this.tableName, 'OUTBOX', now, limit, after);
    return page((result.Items ?? []).map(parseAlert), result.LastEvaluatedKey);
  }

  async unsentMails(now: number, limit: number, after?: string): Promise<Page<StoredMail>> {
    const result = await queryUnsent(this.client, this.tableName, 'OUTMAIL', now, limit, after);
    return page((result.Items ?? []).map(parseMail), result.LastEvaluatedKey);
  }

  async claimAlert(caseNumber: string, alertId: string, now: number, leaseUntil: number): Promise<StoredAlert | undefined> {
    const claimed = await this.claim(alertKey(caseNumber, alertId), now, leaseUntil);
    return claimed && parseAlert(claimed);
  }

  async claimMail(caseNumber: string, mailId: string, now: number, leaseUntil: number): Promise<StoredMail | undefined> {
    const claimed = await this.claim(mailKey(caseNumber, mailId), now, leaseUntil);
    return claimed && parseMail(claimed);
  }

  async markAlertSent(alert: StoredAlert, event: TimelineEvent): Promise<void> {
    await this.markSent(alertKey(alert.caseNumber, alert.alertId), alert.caseNumber, event);
  }

  async markMailSent(mail: StoredMail, event: TimelineEvent, providerMessageId: string): Promise<void> {
    const ref = { ...messageKey(providerMessageId), type: 'message', caseNumber: mail.caseNumber, [TTL_ATTRIBUTE]: expiresAfterAYear(event.at) };
    await this.markSent(mailKey(mail.caseNumber, mail.mailId), mail.caseNumber, event, [{ Put: { TableName: this.tableName, Item: marshall(ref) } }]);
  }

  async releaseAlert(caseNumber: string, alertId: string): Promise<void> {
    await this.release(alertKey(caseNumber, alertId));
  }

  async releaseMail(caseNumber: string, mailId: string): Promise<void> {
    await this.release(mailKey(caseNumber, mailId));
  }

  async caseOfMessage(messageId: string): Promise<string | undefined> {
    const result = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(messageKey(messageId)) })));
    const found = result.Item ? unmarshall(result.Item).caseNumber : undefined;
    return typeof found === 'string' ? found : undefined;
  }

  async suppressedAddresses(addresses: readonly string[]): Promise<Set<string>> {
    const found = await Promise.all(
      addresses.map(async (address) => {
        const result = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(suppressionKey(address)) })));
        return result.Item ? address : undefined;
      }),
    );
    return new Set(found.filter((a): a is string => a !== undefined));
  }

  async suppressAddress(suppression: MailSuppression): Promise<void> {
    const item = { ...suppressionKey(suppression.address), type: 'suppression', address: suppression.address.toLowerCase(), reason: suppression.reason, at: suppression.at };
    await storeCall(() => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item) })));
  }

  async firstSeen(key: string, at: string): Promise<boolean> {
    try {
      const item = { ...seenKey(key), type: 'seen', at, [TTL_ATTRIBUTE]: expiresAfterAYear(at) };
      await storeCall(() => this.client.send(new PutItemCommand(putNew(this.tableName, marshall(item)))));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Takes an outbox item (alert or mail) for sending until `leaseUntil`: pending, or claimed by a sender whose lease ran out. */
  private async claim(key: ItemKey, now: number, leaseUntil: number) {
    const result = await conditionalUpdate(this.client, claimUpdate(this.tableName, key, now, leaseUntil));
    return result?.Attributes;
  }

  /** Records an outbox item as sent, with its timeline event (and anything else to write with it); it leaves the pending index. */
  private async markSent(key: ItemKey, caseNumber: string, event: TimelineEvent, extra: TransactWriteItem[] = []): Promise<void> {
    // 'stale': already recorded as sent by whoever took the item over: nothing to do.
    await transact(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: marshall(key),
          UpdateExpression: `SET #status = :sent, #sentAt = :at REMOVE ${PENDING.partition}, ${PENDING.sort}`,
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status', '#sentAt': 'sentAt' },
          ExpressionAttributeValues: marshall({ ':sent': 'sent', ':sending': 'sending', ':at': event.at }),
        },
      },
      { Put: putNew(this.tableName, eventItem(caseNumber, event)) },
      ...extra,
    ]);
  }

  /** Gives a claimed item back after a failed send. */
  private async release(key: ItemKey): Promise<void> {
    await conditionalUpdate(this.client, releaseUpdate(this.tableName, key));
  }
}
