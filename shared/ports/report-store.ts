import * as z from 'zod/mini';
import type { AggregateCells } from '../domain/sla-aggregates.js';
import type { BreachedCase } from '../domain/sla-report.js';
import type { SupportCase } from '../domain/support-case.js';
import type { ResponseLevel } from '../domain/support-policy.js';

/** Where the breach list stopped: the month partition and the last case number returned there. */
export interface BreachPosition {
  readonly month: string;
  readonly after: string;
}

export const breachPositionSchema = z.strictObject({ month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)), after: z.string().check(z.regex(/^\d{8}$/)) });

export interface BreachQuery {
  /** Cases created in [from, to). */
  readonly from: number;
  readonly to: number;
  readonly institution?: string | undefined;
  readonly level?: ResponseLevel | undefined;
  readonly limit: number;
  readonly after?: BreachPosition | undefined;
}

/**
 * The report's reads: aggregates per day × institution × shard, the breach list of the sparse `lists` index, and
 * the cases of the parts of quarter hours a period's ends cut.
 */
export interface ReportStore {
  /** The aggregates (every shard) of the UTC days `firstDay`..`lastDay` (YYYY-MM-DD) of these institutions, month partitions read in parallel. */
  aggregates(firstDay: string, lastDay: string, institutions: readonly string[]): Promise<{ readonly records: AggregateCells[]; readonly itemsRead: number }>;
  /**
   * Cases created in [from, to), optionally of one institution, read from the period's partitions only
   * (never a scan). `itemsRead` is what the store read to answer: cost follows the period.
   */
  casesCreatedBetween(from: number, to: number, institution?: string): Promise<{ readonly cases: SupportCase[]; readonly itemsRead: number }>;
  /** Cases breached for good (answered late, or written after their deadline passed unanswered), by month and case number. */
  recordedBreaches(query: BreachQuery): Promise<{ readonly items: BreachedCase[]; readonly next: BreachPosition | null; readonly itemsRead: number }>;
}
