import type { Logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { EscalationStore } from '../ports/escalation-store.js';
import type { DispatchAlerts } from './dispatch-alerts.js';
import { type FireTimer, timerPayload } from './fire-timer.js';

const BATCH = 200;
const MAX_BATCHES = 10;

export interface SweepResult {
  readonly timersDue: number;
  readonly timersFired: number;
  readonly alertsSent: number;
  readonly alertsFailed: number;
}

/**
 * The safety net, run every minute: fires timers that are due but were not
 * fired (a schedule never created, lost, or failed) and sends alerts recorded
 * but not sent, through the index of pending items only, with the same
 * idempotent code as the triggers.
 */
export function makeSweep(deps: {
  readonly escalations: EscalationStore;
  readonly fireTimer: FireTimer;
  readonly dispatch: DispatchAlerts;
  readonly clock: Clock;
  readonly logger: Logger;
}) {
  return async function sweep(): Promise<SweepResult> {
    let timersDue = 0;
    let timersFired = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await deps.escalations.dueTimers(deps.clock.now(), BATCH);
      timersDue += due.length;
      for (const timer of due) {
        try {
          if ((await deps.fireTimer(timerPayload(timer.caseNumber, timer))) === 'fired') timersFired++;
        } catch (error) {
          deps.logger.warn('sweeper could not fire a timer; next sweep retries', { caseNumber: timer.caseNumber, timer: timer.kind, error: (error as Error).name });
        }
      }
      if (due.length < BATCH) break;
    }
    let alertsSent = 0;
    let alertsFailed = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const unsent = await deps.escalations.unsentAlerts(deps.clock.now(), BATCH);
      const result = await deps.dispatch(unsent);
      alertsSent += result.sent;
      alertsFailed += result.failed;
      if (unsent.length < BATCH || result.sent === 0) break;
    }
    const summary = { timersDue, timersFired, alertsSent, alertsFailed };
    if (timersFired > 0 || alertsSent > 0 || alertsFailed > 0) deps.logger.info('sweep recovered work', summary);
    return summary;
  };
}

export type Sweep = ReturnType<typeof makeSweep>;
