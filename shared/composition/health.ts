import { DATA_SETTINGS } from '../config/app-config.js';
import { supportDirectory } from '../config/support-config.js';
import { pingTable } from '../adapters/dynamodb/table-ping.js';
import { makeCheckHealth } from '../use-cases/check-health.js';
import { caseDataOf } from './case-data.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/health: the service and its store answer. */
export function healthCheck(ports: Parameters<typeof makeCheckHealth>[0]) {
  return { checkHealth: makeCheckHealth(ports) };
}

/** The health check reads one item: it builds nothing of the case reader (listings, timelines, their schemas). */
export const health = composition([DATA_SETTINGS], (config) => {
  const { dynamo, tableName } = caseDataOf(config);
  return healthCheck({ clock: basicsOf(config).clock, cases: { ping: () => pingTable(dynamo, tableName) }, directory: supportDirectory() });
});
