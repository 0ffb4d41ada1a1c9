import type { SupportDirectory } from '../domain/support-directory.js';
import type { Logger } from '../observability/logger.js';
import type { AlertPublisher } from '../ports/alert-publisher.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { Outbox } from '../ports/outbox.js';
import type { Clock } from '../ports/clock.js';
import type { Metrics } from '../ports/metrics.js';
import type { MailSettings } from '../domain/customer-mail.js';
import type { MailSender } from '../ports/mail-sender.js';
import { makeDispatchAlerts } from '../use-cases/dispatch-alerts.js';
import { type DispatchMails, makeDispatchMails } from '../use-cases/dispatch-mails.js';
import { makeFireTimer } from '../use-cases/fire-timer.js';

export interface AlertingPorts {
  readonly updates: CaseUpdateStore;
  readonly outbox: Outbox;
  readonly directory: SupportDirectory;
  readonly publisher: AlertPublisher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Sending alerts and firing SLA timers: what every function that may move a case's SLA needs. */
export function alerting(ports: AlertingPorts) {
  const dispatch = makeDispatchAlerts(ports);
  return { dispatch, fireTimer: makeFireTimer({ ...ports, dispatch }) };
}

/** The dispatcher of the customer mail outbox, sending with `mail`; none without mail (some test wirings record and send none). */
export function customerMail(
  ports: Pick<AlertingPorts, 'outbox' | 'clock' | 'logger' | 'metrics'>,
  mail: { readonly sender: MailSender; readonly settings: MailSettings } | undefined,
): DispatchMails | undefined {
  return mail && makeDispatchMails({ ...ports, ...mail });
}
