import type { SlaTimer } from '../domain/sla-timers.js';
import type { Logger } from '../observability/logger.js';
import type { DispatchAlerts } from './dispatch-alerts.js';
import type { FollowUp } from './fire-timer.js';

/** What one case's change recorded for afterwards, as the table's stream hands it over (see stream-records.ts). */
export interface RecordedWork {
  readonly caseNumber: string;
  /** Timers recorded pending: each gets its schedule (or runs at once if already due). */
  readonly create: readonly SlaTimer[];
  /** Timers recorded cancelled: their schedules go. */
  readonly cancel: readonly Pick<SlaTimer, 'kind' | 'revision'>[];
  /** Alerts and customer mails recorded in the outbox: each is sent once. */
  readonly alerts: readonly { readonly caseNumber: string; readonly alertId: string }[];
  readonly mails: readonly { readonly caseNumber: string; readonly mailId: string }[];
  /** The stream records this came from, to hand back for a retry if it fails. */
  readonly sequenceNumbers: readonly string[];
}

/** How many cases' work runs at once (each runs its own calls in parallel too). */
const PARALLEL_CASES = 10;

/**
 * In AWS a function that changes a case only records what must follow, in the change's own transaction (timer
 * items, outbox items); functions/follow-up carries it out when the table's stream delivers those items. This is
 * the same follow-up the local runtime runs inline after each change, so both behave alike: arming and sending
 * already survive their own failures (the sweeper finishes what they leave, and an outbox item is sent once however
 * often it is handed over). What still fails (the store, mid-way) is handed back for Lambda to retry.
 */
export function makeFollowUpRecorded(deps: { readonly followUp: FollowUp; readonly logger: Logger }) {
  return async function followUpRecorded(work: readonly RecordedWork[]): Promise<{ readonly retry: readonly string[] }> {
    const retry: string[] = [];
    for (let i = 0; i < work.length; i += PARALLEL_CASES) {
      await Promise.all(
        work.slice(i, i + PARALLEL_CASES).map(async (recorded) => {
          try {
            await deps.followUp(recorded.caseNumber, recorded);
          } catch (error) {
            deps.logger.warn('recorded work failed; handed back for a retry', { caseNumber: recorded.caseNumber, error: (error as Error).name });
            retry.push(...recorded.sequenceNumbers);
          }
        }),
      );
    }
    return { retry };
  };
}

export type FollowUpRecorded = ReturnType<typeof makeFollowUpRecorded>;

/**
 * The follow-up of a function whose recorded work is carried out from the stream (every function that changes a
 * case, in AWS): nothing more to do once the change is recorded. It keeps the request path to DynamoDB alone: no
 * Scheduler, SNS, SES or Lambda client in those bundles, and no call to them before the answer.
 */
export const followedUpFromStream: FollowUp = async () => undefined;

/** Likewise for the alerts a fired timer records: the stream hands them to functions/follow-up, which sends them. */
export const alertsSentFromStream: DispatchAlerts = async () => ({ sent: 0, failed: 0 });
