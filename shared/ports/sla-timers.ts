import type { TimerKind } from '../domain/sla-timers.js';

/** What a timer delivers when it fires (the EventBridge Scheduler payload). */
export interface TimerPayload {
  readonly caseNumber: string;
  readonly timer: TimerKind;
  readonly revision: number;
  readonly dueAt: string;
}

/**
 * Wakes the service up at a deadline. Only a trigger: the timer itself is
 * recorded in the table first, and the sweeper fires what a lost trigger missed.
 */
export interface SlaTimers {
  /** Arms a one-time trigger; `not-scheduled` when the adapter leaves it to the sweeper (too soon to schedule). */
  schedule(payload: TimerPayload): Promise<'scheduled' | 'not-scheduled'>;
  /** Disarms it; one already gone is fine. */
  cancel(payload: Pick<TimerPayload, 'caseNumber' | 'timer' | 'revision'>): Promise<void>;
}
