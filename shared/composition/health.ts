import { supportDirectory } from '../config/support-config.js';
import { makeCheckHealth } from '../use-cases/read-cases.js';
import { caseDataOf } from './case-data.js';
import { caseStoreOf } from './case-store.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/health: the service and its store answer. */
export function healthCheck(ports: Pick<ServicePorts, 'store' | 'directory' | 'clock'>) {
  return { checkHealth: makeCheckHealth(ports) };
}

export const health = composition((config) => healthCheck({ clock: basicsOf(config).clock, store: caseStoreOf(caseDataOf(config)), directory: supportDirectory() }));
