import type { Page, StoredTimer } from './case-update-store.js';

/** What the sweepers find due in the sparse `pending` index: SLA timers, page steps, secrets purges (and a purge no longer due, taken out). */
export interface DueWork {
  /**
   * Pending timers due at or before `now`, oldest first, a page at a time (`after` is the previous page's `next`):
   * SLA timers, or (`paging`) the steps of pages.
   */
  dueTimers(now: number, limit: number, after?: string, queue?: 'sla' | 'paging'): Promise<Page<StoredTimer>>;
  /** Cases whose secrets purge is due at or before `now`, a page at a time. */
  duePurges(now: number, limit: number, after?: string): Promise<Page<string>>;
  /** Takes a case's secrets purge out of the pending index (it was cancelled). */
  retirePurge(caseNumber: string): Promise<void>;
}
