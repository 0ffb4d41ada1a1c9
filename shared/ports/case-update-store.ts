import type { AlertFacts } from '../domain/alert-message.js';
import type { CustomerMailFacts, CustomerMailKind } from '../domain/customer-mail.js';
import type { AlertTopic } from '../domain/policy-terms.js';
import type { IdempotencyRecord } from './idempotency-records.js';
import type { SlaTimer } from '../domain/sla-timers.js';
import type { CaseSecrets, SupportCase } from '../domain/support-case.js';
import type { TimelineEvent } from '../domain/timeline-event.js';

export interface Page<T> {
  readonly items: T[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: string;
}

export type TimerStatus = 'pending' | 'fired' | 'cancelled';

export interface StoredTimer extends SlaTimer {
  readonly caseNumber: string;
  readonly status: TimerStatus;
}

/**
 * A customer message recorded in the case's outbox, in the transaction that caused it: what it says (its facts), to
 * whom, and its place in the case's thread. The sender renders it (subject, text, HTML, addresses) with its own mail
 * settings when it sends.
 */
export interface OutboxMail {
  /** Unique per case (`<kind>-<discriminator>`): recording it twice is detected by the store, sending it is once. */
  readonly mailId: string;
  readonly caseNumber: string;
  readonly kind: CustomerMailKind;
  readonly to: readonly string[];
  /** Fixed when recorded, so a retry is the same message; `inReplyTo` (the case's first message) is absent on that first message. */
  readonly messageId: string;
  readonly inReplyTo?: string | undefined;
  readonly facts: CustomerMailFacts;
}

/** An alert recorded in the case's outbox, in the transaction that caused it: what it is about and where it goes; the sender renders it (renderAlert). */
export interface OutboxAlert {
  /** Unique per case: `<kind>[-r<revision>]#<topic>`; a second attempt to record it is a no-op. */
  readonly alertId: string;
  readonly caseNumber: string;
  readonly topic: AlertTopic;
  readonly facts: AlertFacts;
}

/** A change to a case written in one transaction, conditional on the case version it was decided on. */
export interface CaseChange {
  readonly previous: SupportCase;
  readonly next: SupportCase;
  /** Secrets supplied with the change (only the ones given are written). */
  readonly secrets?: Partial<CaseSecrets> | undefined;
  readonly fire?: StoredTimer | undefined;
  readonly cancel: readonly StoredTimer[];
  readonly create: readonly SlaTimer[];
  readonly events: readonly TimelineEvent[];
  readonly alerts: readonly OutboxAlert[];
  /** Customer mail the change calls for (outbox items, sent after the transaction). */
  readonly mails?: readonly OutboxMail[] | undefined;
  /** Schedules, cancels or carries out the purge of the case's secrets. */
  readonly secretsPurge?: SecretsPurge | undefined;
  /** The request's Idempotency-Key, recorded in the same transaction (create-only: a key already recorded makes it `stale`). */
  readonly idempotency?: IdempotencyWrite | undefined;
}

/**
 * A closed case's secrets are purged some time after it was closed: `schedule` records when (a pending item the
 * sweeper finds through the pending index), `cancel` forgets it (reopened), `purge` deletes the secrets now.
 */
export type SecretsPurge = { readonly action: 'schedule'; readonly dueAt: string } | { readonly action: 'cancel' } | { readonly action: 'purge' };

export interface IdempotencyWrite {
  readonly record: IdempotencyRecord;
  /** What to answer a retry with, besides the case. */
  readonly result?: Readonly<Record<string, unknown>> | undefined;
}

/** Where a change to a case starts: the case with its timers, read consistently. */
export interface CaseLoader {
  loadCase(caseNumber: string): Promise<{ supportCase: SupportCase; timers: readonly StoredTimer[] } | undefined>;
}

/** A case's append-only timeline: events that change nothing else, each written once; appends never conflict. */
export interface CaseTimeline {
  appendEvents(caseNumber: string, events: readonly TimelineEvent[]): Promise<'applied' | 'stale'>;
}

/**
 * Everything that changes a case after intake: its record (conditional on its
 * version), its append-only timeline, its secrets, its SLA timers and what it
 * records in its outbox, all in the case's partition. Pending timers and purges are
 * also in a sparse index the sweepers read (`DueWork`, which also retires purges no longer due); sending what the outbox holds is `Outbox`'s.
 */
export interface CaseUpdateStore extends CaseLoader, CaseTimeline {
  /**
   * Appends events that change nothing else (a comment): never conflicts with another append. With an
   * idempotency record, events and record are written in one transaction, `stale` when the key was taken.
   */
  appendEvents(caseNumber: string, events: readonly TimelineEvent[], idempotency?: IdempotencyWrite, mails?: readonly OutboxMail[]): Promise<'applied' | 'stale'>;
  /** `stale` when the case or a timer changed since it was read: nothing was written. */
  applyCaseChange(change: CaseChange): Promise<'applied' | 'stale'>;
  /** Marks a timer that is no longer current as cancelled (takes it out of the pending index). */
  retireTimer(timer: StoredTimer): Promise<void>;
}
