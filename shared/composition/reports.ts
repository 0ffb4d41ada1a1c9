import { CURSOR_SETTINGS, DATA_SETTINGS, REPORT_SETTINGS } from '../config/app-config.js';
import { supportDirectory } from '../config/support-config.js';
import { makeSlaReport } from '../use-cases/sla-report.js';
import { caseDataOf } from './case-data.js';
import { pageCursors } from './page-cursors.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { reportStoreOf } from './report-store.js';
import { basicsOf } from './settings.js';

/** functions/reports: the SLA report, and the zone its dates are read in unless a request names one. */
export function reporting(ports: Pick<ServicePorts, 'reportStore' | 'directory' | 'clock' | 'cursors' | 'reportMaxDays' | 'reportZone'>) {
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

export const reports = composition([DATA_SETTINGS, CURSOR_SETTINGS, REPORT_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const { clock } = basicsOf(config);
  return reporting({
    clock,
    reportStore: reportStoreOf(data),
    directory: supportDirectory(),
    cursors: pageCursors(config, clock),
    reportMaxDays: config.REPORT_MAX_DAYS,
    reportZone: config.REPORT_ZONE,
  });
});
