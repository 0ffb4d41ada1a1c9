import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Clock } from '../ports/clock.js';
import type { Page, StoredTimer } from '../ports/case-update-store.js';
import type { DueWork } from '../ports/due-work.js';
import type { Outbox } from '../ports/outbox.js';
import type { DispatchAlerts, DispatchResult } from './dispatch-alerts.js';
import type { DispatchMails } from './dispatch-mails.js';
import { type FireTimer, timerPayload } from './fire-timer.js';
import type { PurgeSecrets } from './purge-secrets.js';

const PAGE = 200;
/** A bound on one sweep's work (the next sweep carries on): 50 pages of 200. */
const MAX_PAGES = 50;
const PARALLEL = 8;

export interface SweepResult {
  readonly timersDue: number;
  readonly timersFired: number;
  readonly alertsSent: number;
  readonly alertsFailed: number;
  readonly mailsSent: number;
  readonly mailsFailed: number;
  readonly secretsPurged: number;
}

/**
 * The safety net, run every minute: fires timers that are due but were not
 * fired (a schedule never created, lost, or failed) and sends alerts recorded
 * but not sent, through the index of pending items only, with the same
 * idempotent code as the triggers.
 */
export function makeSweep(deps: {
  readonly outbox: Outbox;
  readonly due: DueWork;
  readonly fireTimer: FireTimer;
  readonly dispatch: DispatchAlerts;
  readonly dispatchMails?: DispatchMails | undefined;
  readonly purgeSecrets: PurgeSecrets;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}) {
  const fire = async (timer: StoredTimer): Promise<boolean> => {
    try {
      return (await deps.fireTimer(timerPayload(timer.caseNumber, timer))) === 'fired';
    } catch (error) {
      deps.logger.warn('sweeper could not fire a timer; next sweep retries', { caseNumber: timer.caseNumber, timer: timer.kind, error: (error as Error).name });
      return false;
    }
  };

  return async function sweep(): Promise<SweepResult> {
    // The heartbeat: an alarm that treats missing data as breaching fires when the sweeper stops running.
    deps.metrics.count('SweeperHeartbeat', 1);
    const now = deps.clock.now();
    let timersDue = 0;
    let timersFired = 0;
    let after: string | undefined;
    // Each pending item is visited at most once per sweep; what fails waits for the next one.
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const due = await deps.due.dueTimers(now, PAGE, after);
      timersDue += due.items.length;
      for (let i = 0; i < due.items.length; i += PARALLEL) {
        timersFired += (await Promise.all(due.items.slice(i, i + PARALLEL).map(fire))).filter(Boolean).length;
      }
      after = due.next;
      if (!after) break;
    }
    const alerts = await drain((from) => deps.outbox.unsentAlerts(now, PAGE, from), deps.dispatch);
    const { dispatchMails } = deps;
    const mails = dispatchMails ? await drain((from) => deps.outbox.unsentMails(now, PAGE, from), dispatchMails) : { sent: 0, failed: 0 };
    const [alertsSent, alertsFailed, mailsSent, mailsFailed] = [alerts.sent, alerts.failed, mails.sent, mails.failed];
    let secretsPurged = 0;
    after = undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const due = await deps.due.duePurges(now, PAGE, after);
      for (const caseNumber of due.items) {
        try {
          if ((await deps.purgeSecrets(caseNumber)) === 'purged') secretsPurged++;
        } catch (error) {
          deps.logger.warn('secrets not purged yet; the next sweep retries', { caseNumber, error: (error as Error).name });
        }
      }
      after = due.next;
      if (!after) break;
    }
    const summary = { timersDue, timersFired, alertsSent, alertsFailed, mailsSent, mailsFailed, secretsPurged };
    if (timersFired > 0 || alertsSent > 0 || alertsFailed > 0 || mailsSent > 0 || mailsFailed > 0 || secretsPurged > 0) deps.logger.info('sweep recovered work', summary);
    deps.metrics.count('SweeperRecoveries', timersFired + alertsSent + mailsSent);
    return summary;
  };
}

export type Sweep = ReturnType<typeof makeSweep>;

/** Sends every unsent outbox item of one kind, a page at a time (bounded per sweep; the next sweep carries on). */
async function drain<T>(pageFrom: (after: string | undefined) => Promise<Page<T>>, dispatch: (items: readonly T[]) => Promise<DispatchResult>): Promise<DispatchResult> {
  let sent = 0;
  let failed = 0;
  let after: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const unsent = await pageFrom(after);
    const result = await dispatch(unsent.items);
    sent += result.sent;
    failed += result.failed;
    after = unsent.next;
    if (!after) break;
  }
  return { sent, failed };
}
