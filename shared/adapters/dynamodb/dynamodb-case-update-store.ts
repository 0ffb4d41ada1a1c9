import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SupportCase } from '../../domain/support-case.js';
import type { TimelineEvent } from '../../domain/timeline-event.js';
import type {
  CaseUpdateStore,
  CaseChange,
  IdempotencyWrite,
  OutboxMail,
  SecretsPurge,
  StoredTimer,
} from '../../ports/case-update-store.js';
import { DynamoDbCaseLoader } from './dynamodb-case-loader.js';
import {
  LISTED,
  alertItem,
  caseItem,
  caseKey,
  eventItem,
  idempotencyItem,
  listEntryWrites,
  mailItem,
  purgeKey,
  putNew,
  secretsKey,
  settleTimer,
  timerItem,
} from './items.js';
import { storeCall } from './store-calls.js';
import { transactWithAggregate } from './aggregate-writes.js';
import { REPORTED, REPORT_FORM } from './report-aggregate-items.js';
import { INDEXES } from './table-layout.js';
import { appendEventItems, conditionalUpdate, transact } from './store-writes.js';


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

/** Changes to cases on DynamoDB (with their timers, outbox items, aggregates and list entries); every state change is a conditional write. */
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
    if (!idempotency && mails.length === 0) return appendEventItems(this.client, this.tableName, caseNumber, events);
    const at = events[0]?.at ?? new Date().toISOString();
    return this.transact([
      ...events.map((event) => ({ Put: putNew(this.tableName, eventItem(caseNumber, event)) })),
      ...mails.map((mail) => ({ Put: putNew(this.tableName, mailItem(mail, at)) })),
      ...(idempotency ? [{ Put: putNew(this.tableName, idempotencyItem(idempotency.record, caseNumber, at, idempotency.result)) }] : []),
    ]);
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

  async retireTimer(timer: StoredTimer): Promise<void> {
    await this.conditionalUpdate(settleTimer(this.tableName, timer, 'cancelled'));
  }

  private conditionalUpdate(input: UpdateItemCommandInput) {
    return conditionalUpdate(this.client, input);
  }

  private transact(items: TransactWriteItem[]) {
    return transact(this.client, items);
  }
}
