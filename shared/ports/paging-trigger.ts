import type { TimerPayload } from './sla-timers.js';

/**
 * Runs a paging step now, in the paging function (the only one that may send SMS): an asynchronous Lambda
 * invocation in AWS, the local timer adapter locally. Only a trigger: the step is recorded, and the paging sweep
 * fires it if the trigger is lost.
 */
export interface PagingTrigger {
  pageNow(payload: TimerPayload): Promise<void>;
}
