import { supportDirectory } from '../config/support-config.js';
import { makeSlaReport } from '../use-cases/sla-report.js';
import { caseDataOf } from './case-data.js';
import { caseReaderOf } from './case-reader.js';
import { pageCursors } from './page-cursors.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { reportStoreOf } from './report-store.js';
import { basicsOf } from './settings.js';

/** functions/reports: the SLA report, and the zone its dates are read in unless a request names one. */
export function reporting(ports: Pick<ServicePorts, 'cases' | 'reportStore' | 'directory' | 'clock' | 'cursors' | 'reportMaxDays' | 'reportZone'>) {
  return {
    slaReport: makeSlaReport({
      ...ports,
      reports: ports.reportStore,
      maxDays: ports.reportMaxDays,
      institutions: () => [...ports.directory.institutions.keys()],
    }),
    reportZone: ports.reportZone,
  };
}

export const reports = composition((config) => {
  const data = caseDataOf(config);
  const { clock } = basicsOf(config);
  return reporting({
    clock,
    cases: caseReaderOf(data),
    reportStore: reportStoreOf(data),
    directory: supportDirectory(),
    cursors: pageCursors(config, clock),
    reportMaxDays: config.REPORT_MAX_DAYS,
    reportZone: config.REPORT_ZONE,
  });
});
