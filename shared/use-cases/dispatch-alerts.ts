import { type OutboundAlert, renderAlert } from '../domain/alert-message.js';
import { formatInstant } from '../domain/instant-text.js';
import { SYSTEM_ACTOR } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { AlertPublisher } from '../ports/alert-publisher.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox, StoredAlert } from '../ports/outbox.js';

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
/** One outbox item's delivery: claimed so two senders never both send it, sent, recorded with its timeline event. */
export interface Delivery<T> {
  claim(now: number, leaseUntil: number): Promise<T | undefined>;
  /** Sends the claimed item; the event that records what was sent to whom. */
  send(item: T): Promise<{ readonly record: () => Promise<void> }>;
  release(): Promise<void>;
  readonly log: Logger;
  readonly attempts: (item: T) => number;
}

/**
 * Claim, send, record: a failed send gives the item back for the next sweep, so nothing is lost, and an item is
 * sent again only if the process dies between sending and recording the send.
 */
export async function deliverOnce<T>(delivery: Delivery<T>, clock: Clock): Promise<'sent' | 'failed' | 'skipped'> {
  const now = clock.now();
  const item = await delivery.claim(now, now + ALERT_LEASE_MS);
  if (!item) return 'skipped';
  let sent: { readonly record: () => Promise<void> };
  try {
    sent = await delivery.send(item);
  } catch (error) {
    delivery.log.warn('not sent; it stays recorded and the sweeper retries it', { error: (error as Error).name, attempts: delivery.attempts(item) });
    await delivery.release().catch(() => undefined);
    return 'failed';
  }
  try {
    await sent.record();
  } catch (error) {
    delivery.log.error('sent but not recorded as sent; it may be sent again after its lease', { error: (error as Error).name });
  }
  return 'sent';
}

/** Runs deliveries a few at a time and counts what was sent and what failed. */
export async function inBatches<R>(refs: readonly R[], deliver: (ref: R) => Promise<'sent' | 'failed' | 'skipped'>): Promise<DispatchResult> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < refs.length; i += PARALLEL_SENDS) {
    const outcomes = await Promise.all(refs.slice(i, i + PARALLEL_SENDS).map(deliver));
    sent += outcomes.filter((o) => o === 'sent').length;
    failed += outcomes.filter((o) => o === 'failed').length;
  }
  return { sent, failed };
}

/** An alert as it is published: rendered now from its recorded facts, or as it was recorded (rendered, before rendering moved here). */
function outboundAlertOf(stored: StoredAlert): OutboundAlert {
  if (!('facts' in stored)) return stored;
  const { alertId, caseNumber, topic, facts } = stored;
  return { ...renderAlert(facts), alertId, caseNumber, topic };
}

/** Sends recorded alerts (see deliverOnce). */
export function makeDispatchAlerts(deps: {
  readonly outbox: Outbox;
  readonly publisher: AlertPublisher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}) {
  const { outbox, publisher, clock, logger, metrics } = deps;

  const dispatchOne = async ({ caseNumber, alertId }: { readonly caseNumber: string; readonly alertId: string }) => {
    let topic = '';
    const outcome = await deliverOnce<StoredAlert>(
      {
        claim: (now, leaseUntil) => outbox.claimAlert(caseNumber, alertId, now, leaseUntil),
        release: () => outbox.releaseAlert(caseNumber, alertId),
        log: logger.with({ caseNumber, alertId }),
        attempts: (alert) => alert.attempts,
        send: async (stored) => {
          const alert = outboundAlertOf(stored);
          topic = alert.topic;
          await publisher.publish(alert);
          return {
            record: async () => {
              await outbox.markAlertSent(stored, {
                kind: 'alert-sent',
                at: formatInstant(clock.now()),
                actor: SYSTEM_ACTOR,
                visibility: 'internal',
                discriminator: alertId.replace('#', '-'),
                details: { topic: alert.topic, alert: alert.attributes.kind, subject: alert.subject },
              });
              logger.with({ caseNumber, alertId, topic: alert.topic }).info('alert sent', { kind: alert.attributes.kind, responseLevel: alert.attributes.level });
            },
          };
        },
      },
      clock,
    );
    if (outcome !== 'skipped') metrics.count(outcome === 'sent' ? 'AlertsSent' : 'AlertsFailed', 1, { Topic: topic });
    return outcome;
  };

  return async function dispatchAlerts(alerts: readonly { readonly caseNumber: string; readonly alertId: string }[]): Promise<DispatchResult> {
    return inBatches(alerts, dispatchOne);
  };
}

export type DispatchAlerts = ReturnType<typeof makeDispatchAlerts>;
