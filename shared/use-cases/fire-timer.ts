import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import { isOpen } from '../domain/case-lifecycle.js';
import { type SlaTimer, isPageTimer } from '../domain/sla-timers.js';
import type { PagingTrigger } from '../ports/paging-trigger.js';
import type { SupportCase } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Clock } from '../ports/clock.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { SlaTimers, TimerPayload } from '../ports/sla-timers.js';
import { startDraft, timerFired, toChange } from './case-decisions.js';
import type { DispatchAlerts } from './dispatch-alerts.js';
import type { DispatchMails } from './dispatch-mails.js';

export type FireOutcome = 'fired' | 'not-current' | 'not-due' | 'unknown-case';

const MAX_ATTEMPTS = 4;

/** A timer acts only while it still watches something: no first response yet, case open, same revision. */
export function isCurrent(supportCase: SupportCase, timer: Pick<SlaTimer, 'revision'>): boolean {
  return supportCase.sla !== null && supportCase.sla.revision === timer.revision && supportCase.firstResponse === null && isOpen(supportCase.status);
}

/**
 * What a timer does when it fires: reload, act only if the timer is still
 * current, record the warning, breach or escalation step with its alerts in one
 * conditional transaction, then send the alerts. Delivering the same timer
 * twice (or five times) changes the case once and records each alert once.
 */
export function makeFireTimer(deps: {
  readonly updates: CaseUpdateStore;
  readonly directory: SupportDirectory;
  readonly clock: Clock;
  readonly dispatch: DispatchAlerts;
  readonly logger: Logger;
  readonly metrics: Metrics;
}) {
  const { updates, directory, clock, dispatch, logger, metrics } = deps;
  return async function fireTimer(payload: TimerPayload): Promise<FireOutcome> {
    const log = logger.with({ caseNumber: payload.caseNumber, timer: payload.timer, revision: payload.revision });
    // Paging steps are fired by the paging function alone (it may send SMS; this one may not).
    if (isPageTimer(payload.timer)) return 'not-current';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await updates.loadCase(payload.caseNumber);
      if (!loaded) return 'unknown-case';
      const timer = loaded.timers.find((t) => t.kind === payload.timer && t.revision === payload.revision);
      if (!timer || timer.status !== 'pending') return 'not-current';
      if (clock.now() < timer.dueAt) return 'not-due';
      if (!isCurrent(loaded.supportCase, timer)) {
        await updates.retireTimer(timer);
        return 'not-current';
      }
      const draft = timerFired(startDraft(loaded.supportCase, loaded.timers, clock.now()), timer, directory);
      const change = { ...toChange(draft), fire: timer };
      if ((await updates.applyCaseChange(change)) === 'applied') {
        log.info('timer fired', { kind: change.events[0]?.kind, alerts: change.alerts.length });
        metrics.count('TimersFired', 1, { Timer: timer.kind.startsWith('escalation') ? 'escalation' : timer.kind });
        if (timer.kind === 'breach') metrics.count('SlaBreaches', 1, { Level: loaded.supportCase.responseLevel });
        await dispatch(change.alerts);
        return 'fired';
      }
      // The case changed under us (a comment, another timer): read it again and decide again.
    }
    throw new DomainError('store-unavailable', `case ${payload.caseNumber} kept changing while timer ${payload.timer} fired; retry`);
  };
}

export type FireTimer = ReturnType<typeof makeFireTimer>;

export function timerPayload(caseNumber: string, timer: Pick<SlaTimer, 'kind' | 'revision' | 'dueAt'>): TimerPayload {
  return { caseNumber, timer: timer.kind, revision: timer.revision, dueAt: formatInstant(timer.dueAt) };
}

/**
 * After timers are recorded: one already due is handled at once; the others
 * get a trigger. A trigger that cannot be armed is only logged: the timer is
 * recorded, and the sweeper fires it when it is due.
 */
export function makeArmTimers(deps: { readonly timers: SlaTimers; readonly clock: Clock; readonly fireTimer: FireTimer; readonly pagingTrigger: PagingTrigger; readonly logger: Logger }) {
  return async function armTimers(caseNumber: string, timers: readonly SlaTimer[]): Promise<void> {
    const arm = async (timer: SlaTimer, due: boolean) => {
      const payload = timerPayload(caseNumber, timer);
      try {
        // A paging step already due runs at once in the paging function; an SLA timer here.
        if (due && isPageTimer(timer.kind)) await deps.pagingTrigger.pageNow(payload);
        else if (due) await deps.fireTimer(payload);
        else await deps.timers.schedule(payload);
      } catch (error) {
        deps.logger.warn('timer not armed; the sweeper will fire it when due', { caseNumber, timer: timer.kind, error: (error as Error).name });
      }
    };
    const now = deps.clock.now();
    // Timers already due fire one after the other, in the order they fell due (each one changes the case);
    // the others only need a trigger each, and those calls do not depend on one another.
    for (const timer of timers.filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt)) await arm(timer, true);
    await Promise.all(timers.filter((t) => t.dueAt > now).map((timer) => arm(timer, false)));
  };
}

export type ArmTimers = ReturnType<typeof makeArmTimers>;

/** Disarms triggers of timers that no longer watch anything; one already gone is fine. */
export function makeDisarmTimers(deps: { readonly timers: SlaTimers; readonly logger: Logger }) {
  return async function disarmTimers(caseNumber: string, timers: readonly Pick<SlaTimer, 'kind' | 'revision'>[]): Promise<void> {
    await Promise.all(
      timers.map((timer) =>
        deps.timers.cancel({ caseNumber, timer: timer.kind, revision: timer.revision }).catch((error: unknown) => {
          // A trigger left behind finds its timer cancelled and does nothing.
          deps.logger.warn('trigger not deleted; it will find its timer cancelled', { caseNumber, timer: timer.kind, error: (error as Error).name });
        }),
      ),
    );
  };
}

export type DisarmTimers = ReturnType<typeof makeDisarmTimers>;

/**
 * What follows a recorded change: the cancelled timers' triggers are removed,
 * the new timers armed, the recorded alerts sent. The three do not depend on one
 * another, so they run together; each already survives its own failures (the
 * sweeper finishes whatever they leave).
 */
export function makeFollowUp(deps: { readonly disarmTimers: DisarmTimers; readonly armTimers: ArmTimers; readonly dispatch: DispatchAlerts; readonly dispatchMails?: DispatchMails | undefined }) {
  return async function followUp(
    caseNumber: string,
    work: {
      readonly cancel?: readonly Pick<SlaTimer, 'kind' | 'revision'>[];
      readonly create?: readonly SlaTimer[];
      readonly alerts?: readonly { readonly caseNumber: string; readonly alertId: string }[];
      readonly mails?: readonly { readonly caseNumber: string; readonly mailId: string }[] | undefined;
    },
  ): Promise<void> {
    await Promise.all([
      deps.disarmTimers(caseNumber, work.cancel ?? []),
      deps.armTimers(caseNumber, work.create ?? []),
      deps.dispatch(work.alerts ?? []),
      deps.dispatchMails?.(work.mails ?? []),
    ]);
  };
}

export type FollowUp = ReturnType<typeof makeFollowUp>;
