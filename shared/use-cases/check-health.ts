import { holidayCoverageWarnings } from '../domain/holiday-coverage.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { Clock } from '../ports/clock.js';

/** The store answers; `warnings` lists what needs attention soon but does not stop the service (calendars running out of holidays). */
export function makeCheckHealth(deps: { readonly cases: Pick<CaseReader, 'ping'>; readonly directory: SupportDirectory; readonly clock: Clock }) {
  return async function checkHealth(): Promise<{ status: 'ok'; store: 'ok'; warnings: string[] }> {
    await deps.cases.ping();
    return { status: 'ok', store: 'ok', warnings: holidayCoverageWarnings(deps.directory.calendars.values(), deps.clock.now()).map((w) => w.message) };
  };
}
