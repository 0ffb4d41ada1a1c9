import type { OutboundAlert } from '../domain/alert-message.js';
import type { CustomerMailKind } from '../domain/customer-mail.js';
import type { OutboundMail } from './mail-sender.js';
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

export interface StoredAlert extends OutboundAlert {
  readonly status: 'pending' | 'sending' | 'sent';
  readonly attempts: number;
}

/** A customer message recorded in the case's outbox, in the transaction that caused it. */
export interface OutboxMail {
  /** Unique per case (`<kind>-<discriminator>`): recording it twice is detected by the store, sending it is once. */
  readonly mailId: string;
  readonly caseNumber: string;
  readonly kind: CustomerMailKind;
  readonly mail: OutboundMail;
}

export interface StoredMail extends OutboxMail {
  readonly status: 'pending' | 'sending' | 'sent';
  readonly attempts: number;
}

/** Why an address is no longer mailed (a complaint), or was reported undeliverable (a permanent bounce). */
export interface MailSuppression {
  readonly address: string;
  readonly reason: 'complaint' | 'bounce';
  readonly at: string;
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
  readonly alerts: readonly OutboundAlert[];
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

/**
 * Everything that changes a case after intake: its record (conditional on its
 * version), its append-only timeline, its secrets, its SLA timers and its alert
 * outbox, all in the case's partition. Pending timers and alerts are also in a
 * sparse index the sweeper reads.
 */
export interface CaseUpdateStore extends CaseLoader {
  /**
   * Appends events that change nothing else (a comment): never conflicts with another append. With an
   * idempotency record, events and record are written in one transaction, `stale` when the key was taken.
   */
  appendEvents(caseNumber: string, events: readonly TimelineEvent[], idempotency?: IdempotencyWrite, mails?: readonly OutboxMail[]): Promise<'applied' | 'stale'>;
  getSecrets(caseNumber: string): Promise<CaseSecrets>;
  /** `stale` when the case or a timer changed since it was read: nothing was written. */
  applyCaseChange(change: CaseChange): Promise<'applied' | 'stale'>;
  /** Marks a timer that is no longer current as cancelled (takes it out of the pending index). */
  retireTimer(timer: StoredTimer): Promise<void>;
  /**
   * Pending timers due at or before `now`, oldest first, a page at a time (`after` is the previous page's `next`):
   * SLA timers, or (`paging`) the steps of pages.
   */
  dueTimers(now: number, limit: number, after?: string, queue?: 'sla' | 'paging'): Promise<Page<StoredTimer>>;
  /** Alerts not yet sent (pending, or claimed by a sender whose lease has run out), a page at a time. */
  unsentAlerts(now: number, limit: number, after?: string): Promise<Page<StoredAlert>>;
  /** Takes an alert for sending until `leaseUntil`; undefined when someone else has it or it was sent. */
  claimAlert(caseNumber: string, alertId: string, now: number, leaseUntil: number): Promise<StoredAlert | undefined>;
  /** Records the send and its timeline event; the alert leaves the pending index. */
  markAlertSent(alert: StoredAlert, event: TimelineEvent): Promise<void>;
  /** Gives a claimed alert back after a failed send, so the next sweep retries it at once. */
  releaseAlert(caseNumber: string, alertId: string): Promise<void>;
  /** Customer mail not yet sent (pending, or claimed by a sender whose lease has run out), a page at a time. */
  unsentMails(now: number, limit: number, after?: string): Promise<Page<StoredMail>>;
  /** Takes a mail for sending until `leaseUntil`; undefined when someone else has it or it was sent. */
  claimMail(caseNumber: string, mailId: string, now: number, leaseUntil: number): Promise<StoredMail | undefined>;
  /** Records the send, its timeline event and the id the provider gave the message (so a reply to it finds the case). */
  markMailSent(mail: StoredMail, event: TimelineEvent, providerMessageId: string): Promise<void>;
  releaseMail(caseNumber: string, mailId: string): Promise<void>;
  /** The case a message we sent belongs to, by the Message-ID it carried. */
  caseOfMessage(messageId: string): Promise<string | undefined>;
  /** Of these addresses, those that must not be mailed (they complained). */
  suppressedAddresses(addresses: readonly string[]): Promise<Set<string>>;
  suppressAddress(suppression: MailSuppression): Promise<void>;
  /** True the first time a key is seen (within a year): an inbound message is acted on once however often it is delivered. */
  firstSeen(key: string, at: string): Promise<boolean>;
  /** Takes a case's secrets purge out of the pending index (it was cancelled). */
  retirePurge(caseNumber: string): Promise<void>;
  /** Cases whose secrets purge is due at or before `now`, a page at a time. */
  duePurges(now: number, limit: number, after?: string): Promise<Page<string>>;
}
