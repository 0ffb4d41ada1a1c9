import { CURSOR_SETTINGS, DATA_SETTINGS } from '../config/app-config.js';
import { makeGetCase, makeGetTimeline, makeListCases } from '../use-cases/read-cases.js';
import { caseDataOf } from './case-data.js';
import { caseReaderOf } from './case-reader.js';
import { pageCursors } from './page-cursors.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/cases-read: a case, its timeline, listings: the case reader alone (nothing of intake or updates). */
export function caseReading(ports: Pick<ServicePorts, 'cases' | 'clock' | 'cursors'>) {
  return { getCase: makeGetCase(ports), getTimeline: makeGetTimeline(ports), listCases: makeListCases(ports) };
}

export const casesRead = composition([DATA_SETTINGS, CURSOR_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const { clock } = basicsOf(config);
  return caseReading({ clock, cases: caseReaderOf(data), cursors: pageCursors(config, clock) });
});
