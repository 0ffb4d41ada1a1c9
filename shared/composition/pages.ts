import { caseDataOf } from './case-data.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { idempotencyRecordsOf } from './idempotency-records.js';
import { ackTokensOf, pageAcknowledging, pageStoreOf, pagingReporting } from './paging-parts.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/**
 * functions/pages: acknowledging a page (staff, or its link), a case's pages, the paging report. DynamoDB and the
 * link key (Secrets Manager, read on the first link) only: an acknowledgement records the cancelled steps in its
 * transaction and calls no other service.
 */
export const pages = composition((config) => {
  const data = caseDataOf(config);
  const basics = basicsOf(config);
  const pageStore = pageStoreOf(data);
  return {
    paging: pageAcknowledging({ ...basics, store: idempotencyRecordsOf(data), updates: caseUpdateStoreOf(data), pages: pageStore, tokens: ackTokensOf(config, basics.clock) }),
    pagingReport: pagingReporting({ clock: basics.clock, pages: pageStore, reportMaxDays: config.REPORT_MAX_DAYS }),
  };
});
