import { makeGetCase, makeGetTimeline, makeListCases } from '../use-cases/read-cases.js';
import { caseDataOf } from './case-data.js';
import { caseStoreOf } from './case-store.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { pageCursors } from './page-cursors.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/cases-read: a case, its timeline, listings. */
export function caseReading(ports: Pick<ServicePorts, 'store' | 'updates' | 'clock' | 'cursors'>) {
  return { getCase: makeGetCase(ports), getTimeline: makeGetTimeline(ports), listCases: makeListCases(ports) };
}

export const casesRead = composition((config) => {
  const data = caseDataOf(config);
  const { clock } = basicsOf(config);
  return caseReading({ clock, store: caseStoreOf(data), updates: caseUpdateStoreOf(data), cursors: pageCursors(config, clock) });
});
