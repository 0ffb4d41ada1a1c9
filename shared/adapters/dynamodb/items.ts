import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type SlaTimer, type TimerKind, isPageTimer } from '../../domain/sla-timers.js';
import type { SupportCase } from '../../domain/support-case.js';
import type { TimelineEvent } from '../../domain/timeline-event.js';
import type { OutboxAlert, OutboxMail, StoredTimer, TimerStatus } from '../../ports/case-update-store.js';
import type { IdempotencyRecord } from '../../ports/idempotency-records.js';
import { INDEXES, KEY, type ListDimension, LIST_DIMENSIONS, TTL_ATTRIBUTE, listPartition } from './table-layout.js';
import { REPORTED, REPORT_FORM, breachIndexKeys } from './report-aggregate-items.js';

/**
 * How each kind of item is keyed and written. Items are read back (parsed, never trusted) by the schemas of their
 * readers: case-item.ts, timeline-item.ts, timer-item.ts, outbox-items.ts, idempotency-records.ts; each function builds only those
 * of what it reads.
 */
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
/** The case counter: the last number handed out, and the month of the first case (where listings stop walking back). */
export const COUNTER_KEY = { [KEY.partition]: 'COUNTER', [KEY.sort]: 'CASE_NUMBER' };
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

/** An alert in the outbox: pending in the `pending` index under `OUTBOX` until sent. */
export function alertItem(alert: OutboxAlert, createdAt: string): Record<string, AttributeValue> {
  return outboxItem(alertKey(alert.caseNumber, alert.alertId), 'alert', 'OUTBOX', alert, alert.alertId, alert.caseNumber, createdAt);
}

/** A customer mail in the outbox: pending in the `pending` index under `OUTMAIL` until sent. */
export function mailItem(mail: OutboxMail, createdAt: string): Record<string, AttributeValue> {
  return outboxItem(mailKey(mail.caseNumber, mail.mailId), 'mail', 'OUTMAIL', mail, mail.mailId, mail.caseNumber, createdAt);
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

