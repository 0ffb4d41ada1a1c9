import { MS_PER_DAY, parseIsoDate } from '../domain/civil-date.js';
import { instantOfWallTime } from '../domain/wall-time.js';
import { DomainError, ValidationError } from '../domain/errors.js';
import { type Principal, isStaff } from '../domain/principal.js';
import { type SlaReportFigures, slaReport } from '../domain/sla-report.js';
import type { ResponseLevel } from '../domain/support-policy.js';
import type { CaseStore } from '../ports/case-store.js';
import type { Clock } from '../ports/clock.js';

export interface SlaReportQuery {
  /** First and last day of the period, inclusive, as local dates in `zone`. */
  readonly from: string;
  readonly to: string;
  readonly zone: string;
  readonly institution?: string | undefined;
  readonly level?: ResponseLevel | undefined;
}

export interface SlaReport extends SlaReportFigures {
  readonly from: string;
  readonly to: string;
  readonly zone: string;
  readonly institution: string | null;
  readonly level: ResponseLevel | null;
  readonly generatedAt: string;
  /** What the store read to answer (items), to keep the cost visible. */
  readonly itemsRead: number;
}

/**
 * The SLA compliance report for the cases opened in a period. Reads only that
 * period's partitions. A customer always gets its own institution's figures,
 * whatever it asks for.
 */
export function makeSlaReport(deps: { readonly store: CaseStore; readonly clock: Clock; readonly maxDays: number }) {
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
    const { cases, itemsRead } = await deps.store.casesCreatedBetween(from, to, institution);
    const now = deps.clock.now();
    return {
      from: query.from,
      to: query.to,
      zone: query.zone,
      institution: institution ?? null,
      level: query.level ?? null,
      generatedAt: new Date(now).toISOString(),
      itemsRead,
      ...slaReport(cases, now, query.level),
    };
  };
}
