import type { Logger } from '../observability/logger.js';
import type { ReportStore } from '../ports/report-store.js';

const PAGE = 100;

/**
 * Counts the cases written before report aggregates existed: each one, in a transaction conditional on its version
 * and on not being counted yet, is marked and added to its aggregate. Safe to run any number of times and while the
 * service runs: a case counted meanwhile by its own next change is left alone.
 */
export function makeBackfillReportAggregates(deps: { readonly reports: ReportStore; readonly logger: Logger }) {
  return async function backfillReportAggregates(): Promise<{ readonly counted: number; readonly skipped: number }> {
    let counted = 0;
    let skipped = 0;
    let after: string | undefined;
    do {
      const page = await deps.reports.casesNotInAggregates(PAGE, after);
      for (const supportCase of page.items) {
        if ((await deps.reports.addToAggregates(supportCase)) === 'applied') counted++;
        else skipped++;
      }
      after = page.next;
    } while (after !== undefined);
    if (counted > 0 || skipped > 0) deps.logger.info('report aggregates backfilled', { counted, skipped });
    return { counted, skipped };
  };
}

export type BackfillReportAggregates = ReturnType<typeof makeBackfillReportAggregates>;
