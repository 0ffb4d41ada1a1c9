import { ValidationError } from '../domain/errors.js';
import { MS_PER_DAY, formatIsoDate, parseIsoDate } from '../domain/civil-date.js';
import { type Principal, isStaff } from '../domain/principal.js';
import { DomainError } from '../domain/errors.js';
import { RESPONSE_LEVELS, type ResponseLevel } from '../domain/policy-terms.js';
import type { Clock } from '../ports/clock.js';
import type { PageStore } from '../ports/page-store.js';
import { nearestRank } from '../domain/sla-report.js';

export interface PagingFigures {
  readonly pages: number;
  /** Paging steps sent (first pages, repeats and escalations). */
  readonly pagesSent: number;
  readonly repeats: number;
  readonly escalations: number;
  readonly acknowledged: number;
  /** Seconds from the start of a page to its acknowledgement. */
  readonly timeToAcknowledge: { readonly medianSeconds: number | null; readonly p90Seconds: number | null };
}

/**
 * GET /reports/paging: per level and in total, the pages started in the period (UTC dates, `to` inclusive), the
 * steps sent, repeats, escalations, and the time to acknowledge (median and p90). Cost follows the pages in the
 * period (one index partition per month).
 */
export function makePagingReport(deps: { readonly pages: PageStore; readonly clock: Clock; readonly maxDays: number }) {
  return async function pagingReport(principal: Principal, query: { readonly from: string; readonly to: string }) {
    if (!isStaff(principal.role)) throw new DomainError('forbidden', 'only support staff see the paging report');
    const from = parseIsoDate(query.from);
    const to = parseIsoDate(query.to);
    const problems = [
      ...(from === undefined ? [{ field: 'from', message: 'a date YYYY-MM-DD' }] : []),
      ...(to === undefined ? [{ field: 'to', message: 'a date YYYY-MM-DD' }] : []),
      ...(from !== undefined && to !== undefined && (to < from || to - from + 1 > deps.maxDays) ? [{ field: 'to', message: `on or after from, at most ${deps.maxDays} days later` }] : []),
    ];
    if (problems.length > 0 || from === undefined || to === undefined) throw new ValidationError('the query has invalid parameters', problems);
    const found = await deps.pages.pagesStartedBetween(from * MS_PER_DAY, (to + 1) * MS_PER_DAY);
    const figures = (levels: readonly ResponseLevel[]): PagingFigures => {
      const mine = found.filter((page) => levels.includes(page.level));
      const waits = mine.flatMap((page) => (page.acknowledgedAt === null ? [] : [(page.acknowledgedAt - page.startedAt) / 1000])).sort((a, b) => a - b);
      const sum = (pick: (page: (typeof mine)[number]) => number) => mine.reduce((total, page) => total + pick(page), 0);
      return {
        pages: mine.length,
        pagesSent: sum((p) => p.stepsSent),
        repeats: sum((p) => p.repeats),
        escalations: sum((p) => p.escalations),
        acknowledged: waits.length,
        timeToAcknowledge: { medianSeconds: nearestRank(waits, 0.5), p90Seconds: nearestRank(waits, 0.9) },
      };
    };
    return {
      from: formatIsoDate(from),
      to: formatIsoDate(to),
      byLevel: Object.fromEntries(RESPONSE_LEVELS.filter((level) => found.some((p) => p.level === level)).map((level) => [level, figures([level])])),
      total: figures(RESPONSE_LEVELS),
    };
  };
}
