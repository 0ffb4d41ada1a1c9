import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CaseSecrets, SupportCase } from '../../domain/support-case.js';
import type { TimelineEvent } from '../../domain/timeline-event.js';
import type {
  CaseUpdateStore,
  Page,
  CaseChange,
  IdempotencyWrite,
  MailSuppression,
  OutboxMail,
  SecretsPurge,
  StoredAlert,
  StoredMail,
  StoredTimer,
} from '../../ports/case-update-store.js';
import { DynamoDbCaseLoader } from './dynamodb-case-loader.js';
import {
  LISTED,
  YEAR_SECONDS,
  alertItem,
  alertKey,
  caseItem,
  claimUpdate,
  caseKey,
  eventItem,
  idempotencyItem,
  listEntryWrites,
  mailItem,
  mailKey,
  messageKey,
  purgeKey,
  putNew,
  releaseUpdate,
  secretsKey,
  seenKey,
  settleTimer,
  suppressionKey,
  timerItem,
} from './items.js';
import { parseAlert, parseMail, parseTimer } from './pending-items.js';
import { storeCall } from './store-calls.js';
import * as z from 'zod/mini';
import { transactWithAggregate } from './aggregate-writes.js';
import { REPORTED, REPORT_FORM } from './report-aggregate-items.js';
import { INDEXES, TTL_ATTRIBUTE } from './table-layout.js';
import { conditionalUpdate, page, queryPending, transact } from './store-writes.js';

type ItemKey = Record<string, string>;
const expiresAfterAYear = (at: string) => Math.floor(Date.parse(at) / 1000) + YEAR_SECONDS;

const PENDING = INDEXES.pending;

/** Writes only the secrets that were supplied, into the case's secrets item (created if missing). */
function secretsUpdate(tableName: string, caseNumber: string, secrets: CaseChange['secrets']): TransactWriteItem[] {
  const given = Object.entries(secrets ?? {}).filter(([, value]) => typeof value === 'string' && value !== '');
  if (given.length === 0) return [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: marshall(secretsKey(caseNumber)),
        UpdateExpression: `SET ${given.map((_, i) => `#s${i} = :s${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(given.map(([name], i) => [`#s${i}`, name])),
        ExpressionAttributeValues: marshall(Object.fromEntries(given.map(([, value], i) => [`:s${i}`, value]))),
      },
    },
  ];
}

/** What a case item says was written with it: its report aggregates (`REPORTED`), its list entries (`LISTED`). */
interface CaseMarks {
  readonly reported: boolean;
  readonly listed: boolean;
}

/** Timers and the alert outbox on DynamoDB; every state change is a conditional write. */
export class DynamoDbCaseUpdateStore implements CaseUpdateStore {
  private readonly loader: DynamoDbCaseLoader;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** The secrets table: only the credentials route reads it, only updates write it. */
    private readonly secretsTableName: string,
  ) {
    this.loader = new DynamoDbCaseLoader(client, tableName);
  }

  async appendEvents(caseNumber: string, events: readonly TimelineEvent[], idempotency?: IdempotencyWrite, mails: readonly OutboxMail[] = []): Promise<'applied' | 'stale'> {
    if (!idempotency && mails.length === 0) {
      for (const event of events) await storeCall(() => this.client.send(new PutItemCommand(putNew(this.tableName, eventItem(caseNumber, event)))));
      return 'applied';
    }
    const at = events[0]?.at ?? new Date().toISOString();
    return this.transact([
      ...events.map((event) => ({ Put: putNew(this.tableName, eventItem(caseNumber, event)) })),
      ...mails.map((mail) => ({ Put: putNew(this.tableName, mailItem(mail, at)) })),
      ...(idempotency ? [{ Put: putNew(this.tableName, idempotencyItem(idempotency.record, caseNumber, at, idempotency.result)) }] : []),
    ]);
  }

  async getSecrets(caseNumber: string): Promise<CaseSecrets> {
    const result = await storeCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.secretsTableName, Key: marshall(secretsKey(caseNumber)), ConsistentRead: true })),
    );
    const item = result.Item ? unmarshall(result.Item) : {};
    return { appCredentials: typeof item.appCredentials === 'string' ? item.appCredentials : null, remoteAccess: typeof item.remoteAccess === 'string' ? item.remoteAccess : null };
  }

  loadCase(caseNumber: string): Promise<{ supportCase: SupportCase; timers: StoredTimer[] } | undefined> {
    return this.loader.loadCase(caseNumber);
  }

  async applyCaseChange(change: CaseChange): Promise<'applied' | 'stale'> {
    const result = await this.transactChange(change, { reported: true, listed: true });
    const marks = result === 'stale' ? await this.marksAt(change.previous) : undefined;
    if (marks === undefined || (marks.reported && marks.listed)) return result;
    // A case from before the report aggregates (in their present form) or the list entries: this change counts it, or lists it, for the first time.
    return this.transactChange(change, marks);
  }

  /** The change's transaction, with its aggregate read and written on: 'stale' when the case was not at `previous` (or not as `marks` says). */
  private async transactChange(change: CaseChange, marks: CaseMarks): Promise<'applied' | 'stale'> {
    try {
      await transactWithAggregate(this.client, this.tableName, { previous: marks.reported ? change.previous : null, next: change.next }, (aggregate) => this.changeItems(change, marks, aggregate));
      return 'applied';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'stale';
      throw error;
    }
  }

  /** What the case item says was written with it, when it is still at `previous`'s version; undefined otherwise. */
  private async marksAt(previous: SupportCase): Promise<CaseMarks | undefined> {
    const result = await storeCall(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(caseKey(previous.caseNumber)),
          ConsistentRead: true,
          ProjectionExpression: '#version, #reported, #listed',
          ExpressionAttributeNames: { '#version': 'version', '#reported': REPORTED, '#listed': LISTED },
        }),
      ),
    );
    if (result.Item?.version?.N !== String(previous.version)) return undefined;
    return { reported: result.Item[REPORTED]?.N === String(REPORT_FORM), listed: result.Item[LISTED] !== undefined };
  }

  /**
   * The change's transaction: the case (conditional on its version and on what was written with it so far), its
   * aggregates and list entries (all of them the first time), and the rest.
   */
  private changeItems(change: CaseChange, marks: CaseMarks, aggregate: readonly TransactWriteItem[]): TransactWriteItem[] {
    const caseNumber = change.next.caseNumber;
    const put = (item: Record<string, AttributeValue>): TransactWriteItem => ({ Put: putNew(this.tableName, item) });
    const settle = (timer: StoredTimer, status: 'fired' | 'cancelled'): TransactWriteItem => ({ Update: settleTimer(this.tableName, timer, status) });
    // Counted in the present form of the aggregates, or not (never counted, or in an earlier form).
    const reported = marks.reported ? '#reported = :form' : '(attribute_not_exists(#reported) OR #reported <> :form)';
    const listed = marks.listed ? '#listed = :true' : 'attribute_not_exists(#listed)';
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: caseItem(change.next),
          ConditionExpression: `#version = :version AND ${reported} AND ${listed}`,
          ExpressionAttributeNames: { '#version': 'version', '#reported': REPORTED, '#listed': LISTED },
          ExpressionAttributeValues: marshall({ ':version': change.previous.version, ':form': REPORT_FORM, ...(marks.listed ? { ':true': true } : {}) }),
        },
      },
      ...aggregate,
      ...listEntryWrites(this.tableName, marks.listed ? change.previous : null, change.next),
      ...(change.fire ? [settle(change.fire, 'fired')] : []),
      ...change.cancel.map((timer) => settle(timer, 'cancelled')),
      ...change.create.map((timer) => put(timerItem(caseNumber, timer))),
      ...change.events.map((event) => put(eventItem(caseNumber, event))),
      ...change.alerts.map((alert) => put(alertItem(alert, change.next.updatedAt))),
      ...(change.mails ?? []).map((mail) => put(mailItem(mail, change.next.updatedAt))),
      ...secretsUpdate(this.secretsTableName, caseNumber, change.secrets),
      ...this.secretsPurge(caseNumber, change.secretsPurge),
      ...(change.idempotency ? [put(idempotencyItem(change.idempotency.record, caseNumber, change.next.updatedAt, change.idempotency.result))] : []),
    ];
  }

  /**
   * The purge item (`SECRETS_PURGE` in the case's partition): pending, in the pending index under `PURGE` by due
   * instant, until it is carried out (the secrets item is deleted with it) or cancelled.
   */
  private secretsPurge(caseNumber: string, purge: SecretsPurge | undefined): TransactWriteItem[] {
    if (purge === undefined) return [];
    const item = (status: string, extra: Record<string, string>) => ({
      Put: { TableName: this.tableName, Item: marshall({ ...purgeKey(caseNumber), type: 'secrets-purge', caseNumber, status, ...extra }) },
    });
    if (purge.action === 'schedule') {
      const dueAt = new Date(purge.dueAt).toISOString();
      return [item('pending', { dueAt, [PENDING.partition]: 'PURGE', [PENDING.sort]: `${dueAt}#${caseNumber}` })];
    }
    if (purge.action === 'cancel') return [item('cancelled', {})];
    return [item('purged', {}), { Delete: { TableName: this.secretsTableName, Key: marshall(secretsKey(caseNumber)) } }];
  }

  async retirePurge(caseNumber: string): Promise<void> {
    await this.conditionalUpdate({
      TableName: this.tableName,
      Key: marshall(purgeKey(caseNumber)),
      UpdateExpression: `SET #status = :cancelled REMOVE ${PENDING.partition}, ${PENDING.sort}`,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':cancelled': 'cancelled', ':pending': 'pending' }),
    });
  }

  async duePurges(now: number, limit: number, after?: string): Promise<Page<string>> {
    const result = await this.queryPending(limit, after, {
      KeyConditionExpression: '#pk = :purge AND #sk < :upper',
      ExpressionAttributeNames: { '#pk': PENDING.partition, '#sk': PENDING.sort },
      ExpressionAttributeValues: marshall({ ':purge': 'PURGE', ':upper': `${new Date(now).toISOString()}$` }),
    });
    return page((result.Items ?? []).map((item) => z.object({ caseNumber: z.string() }).parse(unmarshall(item)).caseNumber), result.LastEvaluatedKey);
  }

  async retireTimer(timer: StoredTimer): Promise<void> {
    await this.conditionalUpdate(settleTimer(this.tableName, timer, 'cancelled'));
  }

  async dueTimers(now: number, limit: number, after?: string, queue: 'sla' | 'paging' = 'sla'): Promise<Page<StoredTimer>> {
    const result = await this.queryPending(limit, after, {
      // Sort keys are `<due instant>#<case>#<kind>`: everything below `<now>$` is due ('$' follows '#').
      KeyConditionExpression: '#pk = :timers AND #sk < :upper',
      ExpressionAttributeNames: { '#pk': PENDING.partition, '#sk': PENDING.sort },
      ExpressionAttributeValues: marshall({ ':timers': queue === 'sla' ? 'TIMER' : 'PAGE', ':upper': `${new Date(now).toISOString()}$` }),
    });
    return page((result.Items ?? []).map(parseTimer).filter((timer) => timer.status === 'pending'), result.LastEvaluatedKey);
  }

  async unsentAlerts(now: number, limit: number, after?: string): Promise<Page<StoredAlert>> {
    const result = await this.unsent('OUTBOX', now, limit, after);
    return page((result.Items ?? []).map(parseAlert), result.LastEvaluatedKey);
  }

  async unsentMails(now: number, limit: number, after?: string): Promise<Page<StoredMail>> {
    const result = await this.unsent('OUTMAIL', now, limit, after);
    return page((result.Items ?? []).map(parseMail), result.LastEvaluatedKey);
  }

  /** One page of an outbox partition of the pending index: items pending, or claimed by a sender whose lease ran out. */
  private unsent(outbox: 'OUTBOX' | 'OUTMAIL', now: number, limit: number, after: string | undefined) {
    return this.queryPending(limit, after, {
      KeyConditionExpression: '#pk = :outbox',
      FilterExpression: '#status = :pending OR (#status = :sending AND #lease < :now)',
      ExpressionAttributeNames: { '#pk': PENDING.partition, '#status': 'status', '#lease': 'leaseUntil' },
      ExpressionAttributeValues: marshall({ ':outbox': outbox, ':pending': 'pending', ':sending': 'sending', ':now': now }),
    });
  }

  private queryPending(limit: number, after: string | undefined, query: Parameters<typeof queryPending>[4]) {
    return queryPending(this.client, this.tableName, limit, after, query);
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
    const result = await this.conditionalUpdate(claimUpdate(this.tableName, key, now, leaseUntil));
    return result?.Attributes;
  }

  /** Records an outbox item as sent, with its timeline event (and anything else to write with it); it leaves the pending index. */
  private async markSent(key: ItemKey, caseNumber: string, event: TimelineEvent, extra: TransactWriteItem[] = []): Promise<void> {
    try {
      await storeCall(() =>
        this.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
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
            ],
          }),
        ),
      );
    } catch (error) {
      // Already recorded as sent by whoever took the item over: nothing to do.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }

  /** Gives a claimed item back after a failed send. */
  private async release(key: ItemKey): Promise<void> {
    await this.conditionalUpdate(releaseUpdate(this.tableName, key));
  }

  private conditionalUpdate(input: UpdateItemCommandInput) {
    return conditionalUpdate(this.client, input);
  }

  private transact(items: TransactWriteItem[]) {
    return transact(this.client, items);
  }
}
