import type { SupportCase } from '../domain/support-case.js';

/** Where the backfill finds what it completes (scripts and the local runtime run it; no function does). */
export interface CaseBackfill {
  /**
   * Cases written before report aggregates or list entries existed, a page at a time (`after`: the previous page's
   * `next`); a change of the case to itself (`CaseUpdateStore.applyCaseChange`) writes what it lacks.
   */
  casesToBackfill(limit: number, after?: string): Promise<{ readonly items: SupportCase[]; readonly next?: string }>;
}
