import { type AttributeValue, type DynamoDBClient, QueryCommand, TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { OutboundAlert } from '../../domain/alert-message.js';
import { DomainError } from '../../domain/errors.js';
import { type SlaTimer, TIMER_KIND, type TimerKind, isPageTimer } from '../../domain/sla-timers.js';
import type { SupportCase } from '../../domain/support-case.js';
import { ALERT_TOPICS, RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import type { RecordedEvent, TimelineEvent } from '../../domain/timeline-event.js';
import type { OutboxMail, StoredAlert, StoredMail, StoredTimer, TimerStatus } from '../../ports/case-update-store.js';
import { CUSTOMER_MAIL_KINDS } from '../../domain/customer-mail.js';
import { integer, number, storedCaseSchema, text } from './case-item.js';
import { INDEXES, KEY, TTL_ATTRIBUTE } from './table-layout.js';
import { REPORTED, REPORT_FORM, breachIndexKeys } from './report-aggregate-items.js';
import type { IdempotencyRecord } from '../../ports/case-store.js';

/** How each kind of item is keyed, written and read back (parsed, never trusted). */
export const casePartition = (caseNumber: string) => `CASE#${caseNumber}`;
export const caseKey = (caseNumber: string) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: 'CASE' });
export const timerKey = (caseNumber: string, kind: TimerKind, revision: number) => ({
  [KEY.partition]: casePartition(caseNumber),
  [KEY.sort]: `TIMER#r${String(revision).padStart(4, '0')}#${kind}`,
});
export const secretsKey = (caseNumber: string) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: 'SECRETS' });
export const purgeKey = (caseNumber: string) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: 'SECRETS_PURGE' });
export const alertKey = (caseNumber: string, alertId: string) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: `ALERT#${alertId}` });
export const mailKey = (caseNumber: string, mailId: string) => ({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: `MAIL#${mailId}` });
/** A message we sent, by the Message-ID it carried: a reply naming it finds the case. */
export const messageKey = (messageId: string) => ({ [KEY.partition]: `MESSAGE#${messageId.toLowerCase()}`, [KEY.sort]: 'MESSAGE' });
/** An address that must not be mailed again (a complaint). */
export const suppressionKey = (address: string) => ({ [KEY.partition]: `SUPPRESSED#${address.toLowerCase()}`, [KEY.sort]: 'SUPPRESSION' });
/** An inbound message already acted on. */
export const seenKey = (key: string) => ({ [KEY.partition]: `SEEN#${key}`, [KEY.sort]: 'SEEN' });
/** Message ids and seen inbound messages are kept a year. */
export const YEAR_SECONDS = 366 * 24 * 3600;

const instantKey = (iso: string) => new Date(iso).toISOString();

export const idempotencyKey = (scope: string, key: string) => ({ [KEY.partition]: `IDEMPOTENCY#${scope}#${key}`, [KEY.sort]: 'IDEMPOTENCY' });
/** Keys are kept a week: long enough for any client's retries. */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

/** The record of a request's Idempotency-Key: its fingerprint, its case and what it answered; expires through TTL. */
export function idempotencyItem(record: IdempotencyRecord, caseNumber: string, at: string, result?: Readonly<Record<string, unknown>>): Record<string, AttributeValue> {
  return marshall(
    {
      ...idempotencyKey(record.scope, record.key),
      type: 'idempotency',
      fingerprint: record.fingerprint,
      caseNumber,
      ...(result ? { result } : {}),
      [TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
    },
    { removeUndefinedValues: true },
  );
}

/** A put that only creates: it fails when an item with that key exists (as a transaction item or on its own). */
export function putNew(tableName: string, item: Record<string, AttributeValue>) {
  return { TableName: tableName, Item: item, ConditionExpression: `attribute_not_exists(${KEY.partition})` };
}

/** Moves a pending timer to `fired` or `cancelled`, taking it out of the pending index; fails unless it is pending. */
export function settleTimer(tableName: string, timer: Pick<StoredTimer, 'caseNumber' | 'kind' | 'revision'>, status: 'fired' | 'cancelled') {
  return {
    TableName: tableName,
    Key: marshall(timerKey(timer.caseNumber, timer.kind, timer.revision)),
    UpdateExpression: `SET #status = :to REMOVE ${INDEXES.pending.partition}, ${INDEXES.pending.sort}`,
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: marshall({ ':to': status, ':pending': 'pending' }),
  };
}

/** Index sort keys of a case and its list entries: newest first when read backwards, the case number breaking ties. */
const createdKey = (supportCase: SupportCase) => `${instantKey(supportCase.createdAt)}#${supportCase.caseNumber}`;

/**
 * A case item written with its list entries says so (`LISTED`): cases written before list entries existed lack it
 * and get them from the backfill or from their next change, whichever comes first.
 */
export const LISTED = 'listed';

export function caseItem(supportCase: SupportCase): Record<string, AttributeValue> {
  const sortKey = createdKey(supportCase);
  return marshall(
    {
      ...caseKey(supportCase.caseNumber),
      [INDEXES.byInstitution.partition]: `INST#${supportCase.institution}`,
      [INDEXES.byInstitution.sort]: sortKey,
      [INDEXES.byMonth.partition]: `MONTH#${supportCase.createdAt.slice(0, 7)}`,
      [INDEXES.byMonth.sort]: sortKey,
      ...breachIndexKeys(supportCase),
      type: 'case',
      // Written with its report aggregates in their present form (see report-aggregate-items.ts) and its list entries.
      [REPORTED]: REPORT_FORM,
      [LISTED]: true,
      ...supportCase,
    },
    { removeUndefinedValues: true },
  );
}

export function parseCase(item: Record<string, AttributeValue>): SupportCase {
  const { [KEY.partition]: _pk, [KEY.sort]: _sk, type: _type, [REPORTED]: _reported, [LISTED]: _listed, ...rest } = unmarshall(item);
  return storedCaseSchema.parse(rest);
}

/** The staff filters a case has a list entry for, each in the `lists` index (layout in table-layout.ts). */
export const LIST_DIMENSIONS = ['status', 'level', 'assignee'] as const;
export type ListDimension = (typeof LIST_DIMENSIONS)[number];

/** A list's partition for one creation month: `null` is the unassigned list. Free text (a name) comes last. */
export function listPartition(dimension: ListDimension, value: string | null, month: string): string {
  if (dimension === 'assignee') return value === null ? `UNASSIGNED#${month}` : `ASSIGNEE#${month}#${value}`;
  return `${dimension === 'status' ? 'STATUS' : 'LEVEL'}#${month}#${value}`;
}

const listValue = (supportCase: SupportCase, dimension: ListDimension): string | null =>
  dimension === 'status' ? supportCase.status : dimension === 'level' ? supportCase.responseLevel : supportCase.assignee;

/** What a list entry holds besides its keys: what every list can be narrowed by. */
const listed = (supportCase: SupportCase) => ({
  caseNumber: supportCase.caseNumber,
  institution: supportCase.institution,
  status: supportCase.status,
  responseLevel: supportCase.responseLevel,
  assignee: supportCase.assignee,
});

/** A case's list entries, one per dimension, in its own partition (`VIEW#<dimension>`). */
export function listEntryItems(supportCase: SupportCase): Record<string, AttributeValue>[] {
  return LIST_DIMENSIONS.map((dimension) =>
    marshall({
      [KEY.partition]: casePartition(supportCase.caseNumber),
      [KEY.sort]: `VIEW#${dimension}`,
      [INDEXES.lists.partition]: listPartition(dimension, listValue(supportCase, dimension), supportCase.createdAt.slice(0, 7)),
      [INDEXES.lists.sort]: createdKey(supportCase),
      type: 'list-entry',
      ...listed(supportCase),
    }),
  );
}

/**
 * The list entries to write with a change from `previous` (null: the case has none yet) to `next`: all three, moved
 * or rewritten in place, when anything they hold changed; none otherwise. The entries are replaced whole (Put), in
 * the transaction that is conditional on the case's version, so they never disagree with the case.
 */
export function listEntryWrites(tableName: string, previous: SupportCase | null, next: SupportCase): TransactWriteItem[] {
  if (previous !== null && JSON.stringify(listed(previous)) === JSON.stringify(listed(next))) return [];
  return listEntryItems(next).map((item) => ({ Put: { TableName: tableName, Item: item } }));
}

export function eventItem(caseNumber: string, event: TimelineEvent): Record<string, AttributeValue> {
  return marshall(
    {
      [KEY.partition]: casePartition(caseNumber),
      [KEY.sort]: `EVENT#${instantKey(event.at)}#${event.kind}#${event.discriminator}`,
      type: 'event',
      ...event,
    },
    { removeUndefinedValues: true },
  );
}

const eventSchema = z.object({
  sk: text,
  kind: text,
  at: text,
  actor: z.object({ role: text, name: text }),
  visibility: z.enum(['public', 'internal']),
  discriminator: text,
  details: z.record(text, z.union([text, number, z.boolean(), z.null()])),
});

export function parseEvent(item: Record<string, AttributeValue>): RecordedEvent {
  const { sk, ...event } = eventSchema.parse(unmarshall(item));
  return { ...(event as Omit<RecordedEvent, 'id'>), id: sk };
}

/** Pending SLA timers are under `TIMER` in the pending index, paging steps under `PAGE` (only the paging function fires those). */
export const timerQueue = (kind: TimerKind): 'TIMER' | 'PAGE' => (isPageTimer(kind) ? 'PAGE' : 'TIMER');

export function timerItem(caseNumber: string, timer: SlaTimer, status: TimerStatus = 'pending'): Record<string, AttributeValue> {
  const dueAt = new Date(timer.dueAt).toISOString();
  return marshall({
    ...timerKey(caseNumber, timer.kind, timer.revision),
    type: 'timer',
    caseNumber,
    kind: timer.kind,
    revision: timer.revision,
    dueAt,
    topics: [...timer.topics],
    status,
    ...(status === 'pending' ? { [INDEXES.pending.partition]: timerQueue(timer.kind), [INDEXES.pending.sort]: `${dueAt}#${caseNumber}#${timer.kind}` } : {}),
  });
}

const timerSchema = z.object({
  caseNumber: text,
  kind: z.pipe(text.check(z.regex(TIMER_KIND)), z.transform((kind: string) => kind as TimerKind)),
  revision: integer,
  dueAt: z.pipe(text, z.transform((iso: string) => Date.parse(iso))),
  topics: z.array(z.enum(ALERT_TOPICS)),
  status: z.enum(['pending', 'fired', 'cancelled']),
});

export function parseTimer(item: Record<string, AttributeValue>): StoredTimer {
  return timerSchema.parse(unmarshall(item));
}

/** An outbox item, pending in its partition of the `pending` index (by creation) until sent. */
function outboxItem(key: Record<string, string>, type: 'alert' | 'mail', outbox: 'OUTBOX' | 'OUTMAIL', content: object, id: string, caseNumber: string, createdAt: string): Record<string, AttributeValue> {
  return marshall(
    {
      ...key,
      type,
      ...content,
      status: 'pending',
      attempts: 0,
      leaseUntil: 0,
      createdAt,
      [INDEXES.pending.partition]: outbox,
      [INDEXES.pending.sort]: `${instantKey(createdAt)}#${caseNumber}#${id}`,
    },
    { removeUndefinedValues: true },
  );
}

export function alertItem(alert: OutboundAlert, createdAt: string): Record<string, AttributeValue> {
  return outboxItem(alertKey(alert.caseNumber, alert.alertId), 'alert', 'OUTBOX', alert, alert.alertId, alert.caseNumber, createdAt);
}

/** A customer mail in the outbox: pending in the `pending` index under `OUTMAIL` until sent. */
export function mailItem(mail: OutboxMail, createdAt: string): Record<string, AttributeValue> {
  return outboxItem(mailKey(mail.caseNumber, mail.mailId), 'mail', 'OUTMAIL', mail, mail.mailId, mail.caseNumber, createdAt);
}

/** Where an outbox item is in its sending. */
const outboxState = { status: z.enum(['pending', 'sending', 'sent']), attempts: integer, leaseUntil: number };

const mailSchema = z.object({
  mailId: text,
  caseNumber: text,
  kind: z.enum(CUSTOMER_MAIL_KINDS),
  mail: z.object({
    messageId: text,
    from: text,
    to: z.array(text),
    replyTo: z.optional(text),
    subject: text,
    text: text,
    html: z.optional(text),
    inReplyTo: z.optional(text),
    references: z.optional(z.array(text)),
    headers: z.optional(z.record(text, text)),
    tags: z.optional(z.record(text, text)),
  }),
  ...outboxState,
});

export function parseMail(item: Record<string, AttributeValue>): StoredMail & { leaseUntil: number } {
  return mailSchema.parse(unmarshall(item));
}

const alertSchema = z.object({
  alertId: text,
  caseNumber: text,
  topic: z.enum(ALERT_TOPICS),
  subject: text,
  sms: text,
  email: text,
  attributes: z.object({ level: z.enum(RESPONSE_LEVELS), kind: z.enum(['case-opened', 'sla-warning', 'sla-breached', 'escalation', 'escalation-requested']), caseNumber: text }),
  ...outboxState,
});

export function parseAlert(item: Record<string, AttributeValue>): StoredAlert & { leaseUntil: number } {
  return alertSchema.parse(unmarshall(item));
}

/**
 * Takes an outbox item (an alert, a page message) for sending until `leaseUntil`: only one that is pending, or
 * whose sender's lease ran out; counts the attempt.
 */
export function claimUpdate(tableName: string, key: Record<string, string>, now: number, leaseUntil: number) {
  return {
    TableName: tableName,
    Key: marshall(key),
    UpdateExpression: 'SET #status = :sending, #lease = :lease ADD #attempts :one',
    ConditionExpression: `attribute_exists(${KEY.partition}) AND (#status = :pending OR (#status = :sending AND #lease < :now))`,
    ExpressionAttributeNames: { '#status': 'status', '#lease': 'leaseUntil', '#attempts': 'attempts' },
    ExpressionAttributeValues: marshall({ ':sending': 'sending', ':pending': 'pending', ':lease': leaseUntil, ':now': now, ':one': 1 }),
    ReturnValues: 'ALL_NEW' as const,
  };
}

/** Gives a claimed outbox item back after a failed send, so the next sweep retries it at once. */
export function releaseUpdate(tableName: string, key: Record<string, string>) {
  return {
    TableName: tableName,
    Key: marshall(key),
    UpdateExpression: 'SET #status = :pending',
    ConditionExpression: '#status = :sending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: marshall({ ':pending': 'pending', ':sending': 'sending' }),
  };
}

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

const onlyConflicts = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict') &&
  (error.CancellationReasons ?? []).every((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'None' || reason.Code === undefined);

/**
 * One transaction. Report aggregates are shared by every case of a day, institution and level, so two changes at the
 * same moment may collide on one (TransactionConflict): the loser wrote nothing and is sent again after a short,
 * random wait. A failed condition is never retried here; it is the caller's answer.
 */
export async function transactWrite(client: DynamoDBClient, items: TransactWriteItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await storeCall(() => client.send(new TransactWriteItemsCommand({ TransactItems: items })));
      return;
    } catch (error) {
      if (attempt >= CONFLICT_ATTEMPTS || !onlyConflicts(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

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
