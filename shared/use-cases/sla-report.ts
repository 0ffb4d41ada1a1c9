import { MS_PER_DAY, parseIsoDate } from '../domain/civil-date.js';
import { instantOfWallTime } from '../domain/wall-time.js';
import { DomainError, ValidationError } from '../domain/errors.js';
import { type Principal, isStaff } from '../domain/principal.js';
import { cellsOf, cellsWithin, contributionOf, dayOf, figuresFromAggregates, slotRange, sumContributions } from '../domain/sla-aggregates.js';
import { type BreachedCase, type SlaReportFigures, outcomeOf } from '../domain/sla-report.js';
import type { SupportCase } from '../domain/support-case.js';
import { RESPONSE_LEVELS, type ResponseLevel } from '../domain/policy-terms.js';
import type { Clock } from '../ports/clock.js';
import type { PageCursors } from '../ports/page-cursors.js';
import { type BreachPosition, type ReportStore, breachPositionSchema } from '../ports/report-store.js';
import { openPosition } from './page-position.js';

/** Breached cases per answer by default; the rest page through `nextBreachesCursor`. */
export const BREACHES_PER_PAGE = 100;

export interface SlaReportQuery {
  /** First and last day of the period, inclusive, as local dates in `zone`. */
  readonly from: string;
  readonly to: string;
  readonly zone: string;
  readonly institution?: string | undefined;
  readonly level?: ResponseLevel | undefined;
  /** Where the breach list carries on (a previous answer's `nextBreachesCursor`). */
  readonly breachesCursor?: string | undefined;
  /** Every breach of the period in one answer (the CSV) instead of a page. */
  readonly allBreaches?: boolean | undefined;
}

export interface SlaReport extends SlaReportFigures {
  readonly from: string;
  readonly to: string;
  readonly zone: string;
  readonly institution: string | null;
  readonly level: ResponseLevel | null;
  readonly generatedAt: string;
  /** The cases of the period (and institution) the figures stand for, every level counted. */
  readonly itemsRead: number;
  /** What the store read to answer: aggregate items, breach index items and any cases read one by one. */
  readonly storeItemsRead: number;
  /** The rest of the breach list; null when `breaches` is all of it. */
  readonly nextBreachesCursor: string | null;
}

export interface SlaReportDeps {
  /** Aggregates, the breach list, and cases one by one only for the parts of hours a period's ends cut (a zone whose offset is not a whole number of hours). */
  readonly reports: ReportStore;
  readonly clock: Clock;
  readonly maxDays: number;
  /** Every institution's id (an all-institution report reads each one's aggregates). */
  readonly institutions: () => readonly string[];
  readonly cursors: PageCursors;
  /** Breached cases per answer (default BREACHES_PER_PAGE). */
  readonly breachesPerPage?: number;
}

/**
 * The SLA compliance report for the cases opened in a period, from the aggregates kept per UTC day × institution × shard, in hours ×
 * level (its cost follows the days, not the cases), with the same figures the per-case computation gives. A customer
 * always gets its own institution's figures, whatever it asks for.
 */
export function makeSlaReport(deps: SlaReportDeps) {
  return async function report(principal: Principal, query: SlaReportQuery): Promise<SlaReport> {
    const fromDay = parseIsoDate(query.from);
    const toDay = parseIsoDate(query.to);
    if (fromDay === undefined || toDay === undefined) throw new ValidationError('the query has invalid parameters', [{ field: fromDay === undefined ? 'from' : 'to', message: 'expected a date YYYY-MM-DD' }]);
    if (toDay < fromDay) throw new ValidationError('the query has invalid parameters', [{ field: 'to', message: 'the period ends before it starts' }]);
    if (toDay - fromDay + 1 > deps.maxDays) throw new ValidationError('the query has invalid parameters', [{ field: 'to', message: `a report covers at most ${deps.maxDays} days` }]);

    // Local midnights by the business-time rule (a repeated midnight is taken at its later occurrence), never by "now".
    const from = instantOfWallTime(query.zone, fromDay * MS_PER_DAY);
    const to = instantOfWallTime(query.zone, (toDay + 1) * MS_PER_DAY);
    if (!isStaff(principal.role) && !principal.institution) throw new DomainError('forbidden', 'your account is not linked to an institution');
    const institution = isStaff(principal.role) ? query.institution : principal.institution!;
    const binding = ['report', principal.sub, query.from, query.to, query.zone, institution ?? '*', query.level ?? '*'].join('|');
    const after = await openPosition(deps.cursors, query.breachesCursor, binding, breachPositionSchema);
    const now = deps.clock.now();

    // Whole hours from the aggregates (a day's cells cut where the zone's midnight falls); parts of hours at either end (a zone
    // whose offset is not a whole number of hours) case by case.
    const slots = slotRange(from, to);
    const [aggregates, ragged] = await Promise.all([
      slots.to > slots.from ? deps.reports.aggregates(dayOf(slots.from), dayOf(slots.to - 1), institution !== undefined ? [institution] : deps.institutions()) : { records: [], itemsRead: 0 },
      Promise.all(slots.ragged.map(([start, end]) => deps.reports.casesCreatedBetween(start, end, institution))),
    ]);
    const records = [...cellsWithin(aggregates.records, slots.from, slots.to), ...sumContributions(ragged.flatMap((r) => r.cases).map(contributionOf)).map(cellsOf)];
    const figures = figuresFromAggregates(records, now, query.level ? [query.level] : RESPONSE_LEVELS);
    const breaches = await breachList(deps.reports, { from, to, institution, level: query.level, after, all: query.allBreaches ?? false, limit: deps.breachesPerPage ?? BREACHES_PER_PAGE }, figures.pendingBreaches, ragged.flatMap((r) => r.cases.filter((c) => outcomeOf(c, now) === 'breached' && (!query.level || c.responseLevel === query.level))));
    return {
      from: query.from,
      to: query.to,
      zone: query.zone,
      institution: institution ?? null,
      level: query.level ?? null,
      generatedAt: new Date(now).toISOString(),
      itemsRead: figures.casesCovered,
      storeItemsRead: aggregates.itemsRead + ragged.reduce((sum, r) => sum + r.itemsRead, 0) + breaches.itemsRead,
      levels: figures.levels,
      total: figures.total,
      breaches: breaches.items,
      nextBreachesCursor: breaches.next === null ? null : await deps.cursors.seal(breaches.next, binding),
    };
  };
}

/**
 * The breached cases in case-number order, a page at a time: those breached for good come from the store's sparse
 * index; those breached only because `now` has passed their deadline come from the aggregates (and from the cases
 * read one by one at ragged ends), merged in.
 */
async function breachList(
  reports: ReportStore,
  query: { from: number; to: number; institution: string | undefined; level: ResponseLevel | undefined; after: BreachPosition | undefined; all: boolean; limit: number },
  pendingBreaches: readonly BreachedCase[],
  raggedBreaches: readonly SupportCase[],
): Promise<{ items: BreachedCase[]; next: BreachPosition | null; itemsRead: number }> {
  const extra = new Map<string, BreachedCase>();
  for (const b of pendingBreaches) extra.set(b.caseNumber, b);
  for (const c of raggedBreaches) {
    extra.set(c.caseNumber, { caseNumber: c.caseNumber, institution: c.institution, level: c.responseLevel, firstResponseDueAt: c.sla!.firstResponseDueAt, respondedAt: c.firstResponse?.at ?? null });
  }
  const items: BreachedCase[] = [];
  let position = query.after;
  let itemsRead = 0;
  for (;;) {
    const page = await reports.recordedBreaches({ from: query.from, to: query.to, institution: query.institution, level: query.level, limit: query.limit, after: position });
    itemsRead += page.itemsRead;
    const lower = position?.after ?? '';
    const upper = page.next?.after ?? '~';
    const merged = [...page.items, ...[...extra.values()].filter((b) => b.caseNumber > lower && b.caseNumber <= upper && !page.items.some((x) => x.caseNumber === b.caseNumber))];
    items.push(...merged.sort((a, b) => a.caseNumber.localeCompare(b.caseNumber)));
    position = page.next ?? undefined;
    if (!query.all || page.next === null) return { items, next: page.next, itemsRead };
  }
}
