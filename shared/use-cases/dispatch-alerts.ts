import { formatInstant } from '../domain/instant-text.js';
import { SYSTEM_ACTOR } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { AlertPublisher } from '../ports/alert-publisher.js';
import type { Clock } from '../ports/clock.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';

/** How long a sender holds an alert before another may take it over. */
export const ALERT_LEASE_MS = 60_000;
const PARALLEL_SENDS = 8;

export interface DispatchResult {
  readonly sent: number;
  readonly failed: number;
}

/**
 * Sends recorded alerts: claim (so two senders never both send), publish, mark
 * sent with a timeline event. A failed publish gives the alert back for the
 * next sweep; nothing is lost, and an alert is sent again only if the process
 * dies between publishing and recording the send.
 */
export function makeDispatchAlerts(deps: {
  readonly updates: CaseUpdateStore;
  readonly publisher: AlertPublisher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}) {
  const { updates, publisher, clock, logger, metrics } = deps;

  async function dispatchOne(caseNumber: string, alertId: string): Promise<'sent' | 'failed' | 'skipped'> {
    const now = clock.now();
    const alert = await updates.claimAlert(caseNumber, alertId, now, now + ALERT_LEASE_MS);
    if (!alert) return 'skipped';
    const log = logger.with({ caseNumber, alertId, topic: alert.topic });
    try {
      await publisher.publish(alert);
    } catch (error) {
      log.warn('alert not sent; it stays recorded and the sweeper retries it', { error: (error as Error).name, attempts: alert.attempts });
      metrics.count('AlertsFailed', 1, { Topic: alert.topic });
      await updates.releaseAlert(caseNumber, alertId).catch(() => undefined);
      return 'failed';
    }
    try {
      await updates.markAlertSent(alert, {
        kind: 'alert-sent',
        at: formatInstant(clock.now()),
        actor: SYSTEM_ACTOR,
        visibility: 'internal',
        discriminator: alertId.replace('#', '-'),
        details: { topic: alert.topic, alert: alert.attributes.kind, subject: alert.subject },
      });
    } catch (error) {
      log.error('alert sent but not recorded as sent; it may be sent again after its lease', { error: (error as Error).name });
      return 'sent';
    }
    metrics.count('AlertsSent', 1, { Topic: alert.topic });
    log.info('alert sent', { kind: alert.attributes.kind, responseLevel: alert.attributes.level });
    return 'sent';
  }

  return async function dispatchAlerts(alerts: readonly { readonly caseNumber: string; readonly alertId: string }[]): Promise<DispatchResult> {
    return sendInBatches(alerts, (a) => dispatchOne(a.caseNumber, a.alertId));
  };
}

/** Sends outbox items a few at a time (each claimed by `send` first), counting what was sent and what failed. */
export async function sendInBatches<T>(items: readonly T[], send: (item: T) => Promise<'sent' | 'failed' | 'skipped'>): Promise<DispatchResult> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < items.length; i += PARALLEL_SENDS) {
    const outcomes = await Promise.all(items.slice(i, i + PARALLEL_SENDS).map(send));
    sent += outcomes.filter((o) => o === 'sent').length;
    failed += outcomes.filter((o) => o === 'failed').length;
  }
  return { sent, failed };
}

export type DispatchAlerts = ReturnType<typeof makeDispatchAlerts>;
