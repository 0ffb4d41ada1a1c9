import type { Logger } from '../observability/logger.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { CaseBackfill } from '../ports/case-backfill.js';

const PAGE = 100;

/**
 * Completes the cases written before report aggregates (in their present form) or list entries existed: each one is changed to itself, in
 * the transaction conditional on its version and on what was written with it so far, which counts it in its
 * aggregate and writes its list entries, whichever it lacks. Safe to run any number of times and while the service
 * runs: a case completed meanwhile by its own next change is left alone (`skipped`).
 */
export function makeBackfillReportAggregates(deps: { readonly backfill: CaseBackfill; readonly updates: CaseUpdateStore; readonly logger: Logger }) {
  return async function backfillReportAggregates(): Promise<{ readonly counted: number; readonly skipped: number }> {
    let counted = 0;
    let skipped = 0;
    let after: string | undefined;
    do {
      const page = await deps.backfill.casesToBackfill(PAGE, after);
      for (const supportCase of page.items) {
        const result = await deps.updates.applyCaseChange({ previous: supportCase, next: supportCase, cancel: [], create: [], events: [], alerts: [] });
        if (result === 'applied') counted++;
        else skipped++;
      }
      after = page.next;
    } while (after !== undefined);
    if (counted > 0 || skipped > 0) deps.logger.info('report aggregates and list entries backfilled', { counted, skipped });
    return { counted, skipped };
  };
}

export type BackfillReportAggregates = ReturnType<typeof makeBackfillReportAggregates>;
