import * as z from 'zod/mini';
import type { CaseStatus, SupportCase } from '../domain/support-case.js';
import type { RecordedEvent } from '../domain/timeline-event.js';
import type { ResponseLevel } from '../domain/policy-terms.js';
import type { Page } from './case-update-store.js';

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

/**
 * Where cases are read: a case, listings, a case's timeline. Nothing here writes, so the functions
 * that only read bundle nothing of intake or of updates. The DynamoDB adapter is tested against DynamoDB Local.
 */
export interface CaseReader {
  getCase(caseNumber: string): Promise<SupportCase | undefined>;
  listCases(query: CaseQuery): Promise<CasePage>;
  /** The timeline, oldest first; `publicOnly` leaves internal events out (they are never read for customers). */
  listEvents(caseNumber: string, options: { readonly publicOnly: boolean; readonly limit: number; readonly after?: string | undefined }): Promise<Page<RecordedEvent>>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
}
