import { DATA_SETTINGS } from '../config/app-config.js';
import { supportDirectory } from '../config/support-config.js';
import { makeCheckHealth } from '../use-cases/read-cases.js';
import { caseDataOf } from './case-data.js';
import { caseReaderOf } from './case-reader.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/health: the service and its store answer. */
export function healthCheck(ports: Pick<ServicePorts, 'cases' | 'directory' | 'clock'>) {
  return { checkHealth: makeCheckHealth(ports) };
}

export const health = composition([DATA_SETTINGS], (config) => healthCheck({ clock: basicsOf(config).clock, cases: caseReaderOf(caseDataOf(config)), directory: supportDirectory() }));
