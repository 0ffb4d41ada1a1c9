import { ALERT_SETTINGS, CUSTOMER_MAIL_SETTINGS, DATA_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS } from '../config/app-config.js';
import { makePurgeSecrets } from '../use-cases/purge-secrets.js';
import { makeSweep } from '../use-cases/sweep.js';
import { snsPublisher } from './alert-publisher.js';
import { alerting, customerMail } from './escalation.js';
import { sesMail } from './mail.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { timerPorts } from './sla-triggers.js';
import { caseDataOf } from './case-data.js';
import { dueWorkOf } from './due-work.js';
import { outboxOf } from './outbox.js';

/** functions/sweeper: fires what a lost trigger missed, sends what a failed send left, purges expired secrets. */
export function sweeping(ports: Pick<ServicePorts, 'updates' | 'outbox' | 'due' | 'fireTimer' | 'dispatch' | 'dispatchMails' | 'clock' | 'logger' | 'metrics'>) {
  return { sweep: makeSweep({ ...ports, purgeSecrets: makePurgeSecrets(ports) }) };
}

/** The backstop sends what it finds itself (alerts by SNS, mail by SES): it must not depend on the stream. */
export const sweeper = composition([DATA_SETTINGS, ALERT_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS, CUSTOMER_MAIL_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const ports = { ...timerPorts(config, data), outbox: outboxOf(data), due: dueWorkOf(data) };
  return sweeping({ ...ports, ...alerting({ ...ports, publisher: snsPublisher(config) }), dispatchMails: customerMail(ports, sesMail(config)) });
});
