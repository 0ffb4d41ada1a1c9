import * as z from 'zod/mini';
import type { OutboundAlert } from '../domain/alert-message.js';
import type { OutboxMail } from './case-update-store.js';
import type { SlaTimer } from '../domain/sla-timers.js';
import type { CaseSecrets, CaseStatus, SupportCase } from '../domain/support-case.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { ResponseLevel } from '../domain/support-policy.js';

/** A retried intake is recognised by its key; the fingerprint tells a true retry from a reused key. */
export interface IdempotencyRecord {
  /** Who the key belongs to: keys of different users never collide. */
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

export interface StoredIdempotency {
  readonly fingerprint: string;
  readonly caseNumber: string;
  /** What the first request answered, when that is more than the case (a comment, an escalation request). */
  readonly result?: Readonly<Record<string, unknown>> | undefined;
}

export interface NewCase {
  readonly supportCase: SupportCase;
  readonly secrets: CaseSecrets;
  readonly idempotency: IdempotencyRecord | null;
  /** The `case-opened` timeline event. */
  readonly event: TimelineEvent;
  /** The SLA timers that watch it, recorded before any schedule exists. */
  readonly timers: readonly SlaTimer[];
  /** Alerts that must go out because it was opened (on-call for levels I and II). */
  readonly alerts: readonly OutboundAlert[];
  /** The acknowledgement to the customer (none when mail is not configured). */
  readonly mails?: readonly OutboxMail[] | undefined;
}

export type CreateCaseResult =
  | { readonly outcome: 'created'; readonly supportCase: SupportCase }
  /** Another request with the same idempotency key won: here is what it recorded. */
  | { readonly outcome: 'idempotency-key-taken'; readonly existing: StoredIdempotency };

/** Where a listing stopped: a partition of an index and, inside it, the last key returned. */
export interface CasePosition {
  readonly partition: string;
  readonly key?: Readonly<Record<string, string>> | undefined;
}

/** A position read back from a client's cursor is parsed like any input (sealing already proved it is ours). */
export const casePositionSchema = z.strictObject({
  partition: z.string().check(z.minLength(1), z.maxLength(300)),
  key: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(50)), z.string().check(z.minLength(1), z.maxLength(300)))),});

export interface CaseQuery {
  /** Only this institution's cases (a customer's queries always set it). */
  readonly institution?: string | undefined;
  readonly status?: CaseStatus | undefined;
  readonly responseLevel?: ResponseLevel | undefined;
  /** Only cases assigned to this person; null: only unassigned cases. */
  readonly assignee?: string | null | undefined;
  readonly limit: number;
  /** Where the previous page stopped. */
  readonly after?: CasePosition | undefined;
  /** Listing newest first starts at this instant's month. */
  readonly now: number;
  /** When this instant (epoch ms) has passed, the listing stops after its current query and says where it got to. */
  readonly deadline?: number | undefined;
}

export interface CasePage {
  readonly items: readonly SupportCase[];
  /** Where the next page starts; null on the last page. A page cut short by the deadline may hold fewer items. */
  readonly next: CasePosition | null;
}

/** Where cases live. The DynamoDB adapter is the real one; it is tested against DynamoDB Local. */
export interface CaseStore {
  /** The next case number: unique and increasing, even under concurrent intake (numbers may be skipped). */
  allocateCaseNumber(openedAt: number): Promise<number>;
  findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined>;
  /** Writes the case, its secrets, its first timeline event, its timers, its alerts and the idempotency record in one transaction. */
  createCase(newCase: NewCase): Promise<CreateCaseResult>;
  getCase(caseNumber: string): Promise<SupportCase | undefined>;
  listCases(query: CaseQuery): Promise<CasePage>;
  /**
   * Cases created in [from, to), optionally of one institution, read from the period's partitions only
   * (never a scan). `itemsRead` is what the store read to answer: cost follows the period.
   */
  casesCreatedBetween(from: number, to: number, institution?: string): Promise<{ readonly cases: SupportCase[]; readonly itemsRead: number }>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
}
