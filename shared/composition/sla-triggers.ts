import { DATA_SETTINGS } from '../config/app-config.js';
import type { CaseData } from './case-data.js';
import { supportDirectory } from '../config/support-config.js';
import { makeFireTimer } from '../use-cases/fire-timer.js';
import { alertsSentFromStream } from '../use-cases/follow-up-recorded.js';
import { caseDataOf } from './case-data.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { composition } from './provided.js';
import { type LambdaConfig, basicsOf } from './settings.js';

/** What the SLA triggers (timer, follow-up, sweeper) are built from: the update store, the policy, the basics. */
export function timerPorts(config: LambdaConfig<typeof DATA_SETTINGS>, data: CaseData = caseDataOf(config)) {
  return { ...basicsOf(config), directory: supportDirectory(), updates: caseUpdateStoreOf(data) };
}

/**
 * functions/sla-timer: fires one timer. The alerts a firing records are sent by functions/follow-up, which the
 * table's stream hands them to, so the timer needs DynamoDB alone.
 */
export const slaTimer = composition([DATA_SETTINGS], (config) => ({ fireTimer: makeFireTimer({ ...timerPorts(config), dispatch: alertsSentFromStream }) }));
