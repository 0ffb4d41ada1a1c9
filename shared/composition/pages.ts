import { ACK_KEY_SETTINGS, DATA_SETTINGS, REPORT_SETTINGS } from '../config/app-config.js';
import type { AckTokens } from '../ports/ack-tokens.js';
import type { CaseLoader } from '../ports/case-update-store.js';
import type { PageStore } from '../ports/page-store.js';
import { makePageAcknowledgement } from '../use-cases/page-acknowledgement.js';
import { makePagingReport } from '../use-cases/paging-report.js';
import { ackTokensOf } from './ack-tokens.js';
import { caseDataOf } from './case-data.js';
import { caseLoaderOf } from './case-loader.js';
import { idempotencyRecordsOf } from './idempotency-records.js';
import { pageStoreOf } from './page-store.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** Acknowledging pages (staff and links) and a case's pages. */
export function pageAcknowledging(
  ports: Pick<ServicePorts, 'idempotency' | 'clock' | 'logger' | 'metrics'> & { readonly updates: CaseLoader; readonly pages: PageStore; readonly tokens: AckTokens },
) {
  return makePageAcknowledgement(ports);
}

/** GET /reports/paging. */
export function pagingReporting(ports: Pick<ServicePorts, 'clock' | 'reportMaxDays'> & { readonly pages: PageStore }) {
  return makePagingReport({ pages: ports.pages, clock: ports.clock, maxDays: ports.reportMaxDays });
}

/**
 * functions/pages: acknowledging a page (staff, or its link), a case's pages, the paging report. DynamoDB and the
 * link key (Secrets Manager, read on the first link) only: an acknowledgement records the cancelled steps in its
 * transaction and calls no other service. Nothing of the rota or of sending is built (or bundled) here.
 */
export const pages = composition([DATA_SETTINGS, ACK_KEY_SETTINGS, REPORT_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const basics = basicsOf(config);
  const pageStore = pageStoreOf(data);
  return {
    paging: pageAcknowledging({ ...basics, idempotency: idempotencyRecordsOf(data), updates: caseLoaderOf(data), pages: pageStore, tokens: ackTokensOf(config, basics.clock) }),
    pagingReport: pagingReporting({ clock: basics.clock, pages: pageStore, reportMaxDays: config.REPORT_MAX_DAYS }),
  };
});
