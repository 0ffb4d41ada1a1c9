import type { AppConfig } from '../config/app-config.js';
import { supportDirectory } from '../config/support-config.js';
import { makePurgeSecrets } from '../use-cases/purge-secrets.js';
import { makeSweep } from '../use-cases/sweep.js';
import { snsPublisher } from './alert-publisher.js';
import { caseDataOf } from './case-data.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { alerting, customerMail } from './escalation.js';
import { sesMail } from './mail.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/sweeper: fires what a lost trigger missed, sends what a failed send left, purges expired secrets. */
export function sweeping(ports: Pick<ServicePorts, 'updates' | 'fireTimer' | 'dispatch' | 'dispatchMails' | 'clock' | 'logger' | 'metrics'>) {
  return { sweep: makeSweep({ ...ports, purgeSecrets: makePurgeSecrets(ports) }) };
}

/** What both SLA triggers are built from: the update store, the alert topics, the policy. */
function alertingFrom(config: AppConfig) {
  const base = { ...basicsOf(config), directory: supportDirectory(), updates: caseUpdateStoreOf(caseDataOf(config)) };
  return { ...base, ...alerting({ ...base, publisher: snsPublisher(config) }) };
}

/** functions/sla-timer: fires one timer. */
export const slaTimer = composition((config) => ({ fireTimer: alertingFrom(config).fireTimer }));

export const sweeper = composition((config) => {
  const ports = alertingFrom(config);
  return sweeping({ ...ports, ...customerMail(ports, sesMail(config)) });
});
