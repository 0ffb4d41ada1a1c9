import type { BusinessCalendar } from './business-calendar.js';
import { addBusinessTime } from './business-time.js';
import { clockCalendar } from './deadlines.js';
import type { AlertTopic, LevelPolicy, SupportPolicy } from './support-policy.js';

/**
 * The timers that watch a case's first-response deadline: a warning, the breach,
 * and the escalation steps after it. Each is its own timer (its own schedule in
 * AWS) and each names who is alerted when it fires. A first response cancels
 * them all; a level change replaces them with a new revision.
 */
export type TimerKind = 'warning' | 'breach' | `escalation-${number}` | PageTimerKind;

/**
 * A paging step of a page (see paging.ts): the same machinery (an item in the case's partition, one schedule each,
 * cancelled by the acknowledgement or the first response), fired by the paging function only.
 */
export type PageTimerKind = `page-${number}`;

export const isPageTimer = (kind: TimerKind): kind is PageTimerKind => kind.startsWith('page-');

export interface SlaTimer {
  readonly kind: TimerKind;
  /** Which set of timers this belongs to: 1 at intake, +1 whenever the deadline is recomputed. */
  readonly revision: number;
  readonly dueAt: number;
  readonly topics: readonly AlertTopic[];
}

export const TIMER_KIND = /^(warning|breach|escalation-[1-9]|page-[1-9])$/;

export function timersFor(input: {
  readonly receivedAt: number;
  readonly targetMs: number;
  readonly level: LevelPolicy;
  readonly institutionCalendar: BusinessCalendar;
  readonly policy: SupportPolicy;
  readonly revision: number;
}): SlaTimer[] {
  const calendar = clockCalendar(input.level, input.institutionCalendar);
  const at = (fractionOfTarget: number) => addBusinessTime(input.receivedAt, Math.round(input.targetMs * fractionOfTarget), calendar);
  const { escalation } = input.policy;
  const timers: SlaTimer[] = [
    { kind: 'warning', revision: input.revision, dueAt: at(input.level.warningAt), topics: escalation.warning.topics },
    { kind: 'breach', revision: input.revision, dueAt: at(1), topics: escalation.breach.topics },
  ];
  let fraction = 1;
  escalation.steps.forEach((step, i) => {
    fraction += step.afterFurtherTargetFraction;
    timers.push({ kind: `escalation-${i + 1}`, revision: input.revision, dueAt: at(fraction), topics: step.topics });
  });
  return timers;
}

/**
 * The EventBridge schedule name of a timer: deterministic, so creating it twice
 * is detected and deleting it needs nothing stored; at most 64 characters.
 */
export function scheduleName(caseNumber: string, kind: TimerKind, revision: number): string {
  return `sla-${caseNumber}-${kind}-r${revision}`;
}
