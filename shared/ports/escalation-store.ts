import type { OutboundAlert } from '../domain/alert-message.js';
import type { SlaTimer } from '../domain/sla-timers.js';
import type { SupportCase } from '../domain/support-case.js';
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

/** A change to a case's SLA written in one transaction, conditional on the case version it was decided on. */
export interface SlaChange {
  readonly previous: SupportCase;
  readonly next: SupportCase;
  readonly fire?: StoredTimer | undefined;
  readonly cancel: readonly StoredTimer[];
  readonly create: readonly SlaTimer[];
  readonly events: readonly TimelineEvent[];
  readonly alerts: readonly OutboundAlert[];
}

/**
 * The SLA bookkeeping: timers and the alert outbox live in the case's
 * partition; pending ones are also in a sparse index the sweeper reads.
 */
export interface EscalationStore {
  loadCase(caseNumber: string): Promise<{ supportCase: SupportCase; timers: readonly StoredTimer[] } | undefined>;
  /** `stale` when the case or a timer changed since it was read: nothing was written. */
  applySlaChange(change: SlaChange): Promise<'applied' | 'stale'>;
  /** Marks a timer that is no longer current as cancelled (takes it out of the pending index). */
  retireTimer(timer: StoredTimer): Promise<void>;
  /** Pending timers due at or before `now`, oldest first, a page at a time (`after` is the previous page's `next`). */
  dueTimers(now: number, limit: number, after?: string): Promise<Page<StoredTimer>>;
  /** Alerts not yet sent (pending, or claimed by a sender whose lease has run out), a page at a time. */
  unsentAlerts(now: number, limit: number, after?: string): Promise<Page<StoredAlert>>;
  /** Takes an alert for sending until `leaseUntil`; undefined when someone else has it or it was sent. */
  claimAlert(caseNumber: string, alertId: string, now: number, leaseUntil: number): Promise<StoredAlert | undefined>;
  /** Records the send and its timeline event; the alert leaves the pending index. */
  markAlertSent(alert: StoredAlert, event: TimelineEvent): Promise<void>;
  /** Gives a claimed alert back after a failed send, so the next sweep retries it at once. */
  releaseAlert(caseNumber: string, alertId: string): Promise<void>;
}
