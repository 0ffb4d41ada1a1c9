import type { SlaTimer } from '../domain/sla-timers.js';
import type { CaseSecrets, SupportCase } from '../domain/support-case.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { OutboxAlert, OutboxMail } from './case-update-store.js';
import type { IdempotencyRecord, StoredIdempotency } from './idempotency-records.js';

export interface NewCase {
  readonly supportCase: SupportCase;
  readonly secrets: CaseSecrets;
  readonly idempotency: IdempotencyRecord | null;
  /** The `case-opened` timeline event. */
  readonly event: TimelineEvent;
  /** The SLA timers that watch it, recorded before any schedule exists. */
  readonly timers: readonly SlaTimer[];
  /** Alerts that must go out because it was opened (on-call for levels I and II). */
  readonly alerts: readonly OutboxAlert[];
  /** The acknowledgement to the customer (none when mail is not configured). */
  readonly mails?: readonly OutboxMail[] | undefined;
}

export type CreateCaseResult =
  | { readonly outcome: 'created'; readonly supportCase: SupportCase }
  /** Another request with the same idempotency key won: here is what it recorded. */
  | { readonly outcome: 'idempotency-key-taken'; readonly existing: StoredIdempotency };

/**
 * Where cases are opened: numbers handed out, and each new case written with everything that comes with it (its
 * report aggregates included). Only intake uses it. The DynamoDB adapter is tested against DynamoDB Local.
 */
export interface CaseIntake {
  /** The next case number: unique and increasing, even under concurrent intake (numbers may be skipped). */
  allocateCaseNumber(openedAt: number): Promise<number>;
  /** Writes the case, its secrets, its first timeline event, its timers, its alerts and the idempotency record in one transaction. */
  createCase(newCase: NewCase): Promise<CreateCaseResult>;
}
