import type { SupportCase } from './support-case.js';
import { RESPONSE_LEVELS, type ResponseLevel } from './policy-terms.js';

/**
 * Support performance, computed from what was recorded on each case. For a case
 * with a first-response clock:
 * - met: support's first response came at or before the deadline;
 * - breached: it came after the deadline, or there is none and the deadline has passed;
 * - running: no response yet, the deadline is still ahead and the case is open.
 * Compliance is met ÷ (met + breached), null when both are zero. Times to first
 * response are in the level's clock (wall-clock for I/II, business time for
 * III/IV); percentiles use the nearest-rank method (the smallest value with at
 * least p of the values at or below it).
 */
export interface LevelFigures {
  readonly opened: number;
  readonly notCovered: number;
  readonly met: number;
  readonly breached: number;
  readonly running: number;
  readonly compliance: number | null;
  readonly timeToFirstResponse: { readonly count: number; readonly medianSeconds: number | null; readonly p90Seconds: number | null; readonly maxSeconds: number | null };
}

export interface BreachedCase {
  readonly caseNumber: string;
  readonly institution: string;
  readonly level: ResponseLevel;
  readonly firstResponseDueAt: string;
  readonly respondedAt: string | null;
}

export interface SlaReportFigures {
  readonly levels: Partial<Record<ResponseLevel, LevelFigures>>;
  readonly total: LevelFigures;
  readonly breaches: readonly BreachedCase[];
}

export type SlaOutcome = 'not-covered' | 'met' | 'breached' | 'running' | 'closed-unanswered';

export function outcomeOf(c: SupportCase, now: number): SlaOutcome {
  if (!c.sla) return 'not-covered';
  const due = Date.parse(c.sla.firstResponseDueAt);
  if (c.firstResponse) return Date.parse(c.firstResponse.at) <= due ? 'met' : 'breached';
  if (now > due) return 'breached';
  return c.status === 'resolved' || c.status === 'closed' ? 'closed-unanswered' : 'running';
}

/** Nearest-rank percentile of sorted values. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function figures(cases: readonly SupportCase[], now: number): LevelFigures {
  const outcomes = cases.map((c) => outcomeOf(c, now));
  const count = (o: SlaOutcome) => outcomes.filter((x) => x === o).length;
  const met = count('met');
  const breached = count('breached');
  const seconds = cases
    .filter((c) => c.sla && c.firstResponse)
    .map((c) => Math.round(c.firstResponse!.elapsedMs / 1000))
    .sort((a, b) => a - b);
  return {
    opened: cases.length,
    notCovered: count('not-covered'),
    met,
    breached,
    running: count('running'),
    compliance: met + breached === 0 ? null : met / (met + breached),
    timeToFirstResponse: { count: seconds.length, medianSeconds: nearestRank(seconds, 0.5), p90Seconds: nearestRank(seconds, 0.9), maxSeconds: seconds[seconds.length - 1] ?? null },
  };
}

export function slaReport(cases: readonly SupportCase[], now: number, onlyLevel?: ResponseLevel): SlaReportFigures {
  const selected = onlyLevel ? cases.filter((c) => c.responseLevel === onlyLevel) : cases;
  const levels = Object.fromEntries(
    (onlyLevel ? [onlyLevel] : RESPONSE_LEVELS).map((level) => [level, figures(selected.filter((c) => c.responseLevel === level), now)]),
  ) as Partial<Record<ResponseLevel, LevelFigures>>;
  const breaches = selected
    .filter((c) => outcomeOf(c, now) === 'breached')
    .sort((a, b) => a.caseNumber.localeCompare(b.caseNumber))
    .map((c) => ({ caseNumber: c.caseNumber, institution: c.institution, level: c.responseLevel, firstResponseDueAt: c.sla!.firstResponseDueAt, respondedAt: c.firstResponse?.at ?? null }));
  return { levels, total: figures(selected, now), breaches };
}
