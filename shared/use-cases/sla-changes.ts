import { firstResponseDeadline, elapsedInClock } from '../domain/deadlines.js';
import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import type { Principal } from '../domain/principal.js';
import { timersFor } from '../domain/sla-timers.js';
import type { SupportCase } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { ResponseLevel } from '../domain/support-policy.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { Clock } from '../ports/clock.js';
import type { EscalationStore, SlaChange, StoredTimer } from '../ports/escalation-store.js';
import type { ArmTimers, DisarmTimers } from './fire-timer.js';

const MAX_ATTEMPTS = 4;

export interface SlaChangeDeps {
  readonly escalations: EscalationStore;
  readonly directory: SupportDirectory;
  readonly clock: Clock;
  readonly armTimers: ArmTimers;
  readonly disarmTimers: DisarmTimers;
}

const notFound = (caseNumber: string) => new DomainError('case-not-found', `case ${caseNumber} was not found`, { caseNumber });
const pendingOf = (timers: readonly StoredTimer[]) => timers.filter((timer) => timer.status === 'pending');

/**
 * Reads the case, decides the change, writes it conditionally on the version it
 * read; on a concurrent change, reads again and decides again.
 */
async function withFreshCase(
  deps: SlaChangeDeps,
  caseNumber: string,
  decide: (supportCase: SupportCase, timers: readonly StoredTimer[], now: number) => SlaChange | undefined,
): Promise<{ supportCase: SupportCase; change: SlaChange | undefined }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const loaded = await deps.escalations.loadCase(caseNumber);
    if (!loaded) throw notFound(caseNumber);
    const change = decide(loaded.supportCase, loaded.timers, deps.clock.now());
    if (!change) return { supportCase: loaded.supportCase, change };
    if ((await deps.escalations.applySlaChange(change)) === 'applied') {
      await deps.disarmTimers(caseNumber, change.cancel);
      await deps.armTimers(caseNumber, change.create);
      return { supportCase: change.next, change };
    }
  }
  throw new DomainError('store-unavailable', `case ${caseNumber} kept changing; retry`);
}

/**
 * Records the first response from support: stops the first-response clock,
 * records when, whether the deadline was met and the time taken in the level's
 * clock, and cancels the case's pending timers. A second call changes nothing.
 */
export function makeRecordFirstResponse(deps: SlaChangeDeps) {
  return async function recordFirstResponse(caseNumber: string, by: Principal): Promise<SupportCase> {
    const { supportCase } = await withFreshCase(deps, caseNumber, (current, timers, now) => {
      if (current.firstResponse !== null) return undefined;
      const at = formatInstant(now);
      const institution = deps.directory.institutions.get(current.institution);
      const sla = current.sla;
      const met = sla ? now <= Date.parse(sla.firstResponseDueAt) : null;
      const elapsedMs =
        sla && institution
          ? elapsedInClock(deps.directory.policy.levels[current.responseLevel], Date.parse(current.createdAt), now, deps.directory.calendarOf(institution))
          : now - Date.parse(current.createdAt);
      const next: SupportCase = {
        ...current,
        firstResponse: { at, met: met ?? true, elapsedMs, by: { role: by.role, name: by.name } },
        slaState: met === null ? current.slaState : met ? 'met' : 'late',
        updatedAt: at,
        version: current.version + 1,
      };
      const event: TimelineEvent = {
        kind: 'first-response',
        at,
        actor: { role: by.role, name: by.name },
        visibility: 'internal',
        discriminator: current.caseNumber,
        details: { met, elapsedSeconds: Math.round(elapsedMs / 1000), firstResponseDueAt: sla?.firstResponseDueAt ?? null },
      };
      return { previous: current, next, cancel: pendingOf(timers), create: [], events: [event], alerts: [] };
    });
    return supportCase;
  };
}

/**
 * Changes a case's response level. The first-response deadline becomes the new
 * level's target counted from the original receipt; the old timers are replaced
 * by a new revision (a deadline already past is handled at once). A response
 * already recorded stays as it was.
 */
export function makeChangeLevel(deps: SlaChangeDeps) {
  return async function changeLevel(caseNumber: string, level: ResponseLevel, reason: string, by: Principal): Promise<SupportCase> {
    const { supportCase } = await withFreshCase(deps, caseNumber, (current, timers, now) => {
      if (current.responseLevel === level) return undefined;
      const institution = deps.directory.institutions.get(current.institution);
      if (!institution) throw new DomainError('invalid-configuration', `institution ${current.institution} of case ${caseNumber} is not configured`);
      const calendar = deps.directory.calendarOf(institution);
      const levelPolicy = deps.directory.policy.levels[level];
      const at = formatInstant(now);
      const receivedAt = Date.parse(current.createdAt);
      const revision = (current.sla?.revision ?? 0) + 1;
      const deadline = current.sla ? firstResponseDeadline(levelPolicy, receivedAt, calendar) : null;
      const responded = current.firstResponse !== null;
      const next: SupportCase = {
        ...current,
        responseLevel: level,
        sla: deadline && {
          revision,
          clock: deadline.clock,
          targetMs: deadline.targetMs,
          firstResponseDueAt: formatInstant(deadline.dueAt),
          firstResponseWarningAt: formatInstant(deadline.warningAt),
          calendarId: deadline.calendarId,
          calendarVersion: deadline.calendarVersion,
        },
        // A new deadline starts a new clock: its own timers will mark warnings and breaches again.
        slaState: responded || !deadline ? current.slaState : 'running',
        escalationStep: responded ? current.escalationStep : 0,
        updatedAt: at,
        version: current.version + 1,
      };
      const create =
        deadline && !responded
          ? timersFor({ receivedAt, targetMs: deadline.targetMs, level: levelPolicy, institutionCalendar: calendar, policy: deps.directory.policy, revision })
          : [];
      const event: TimelineEvent = {
        kind: 'level-changed',
        at,
        actor: { role: by.role, name: by.name },
        visibility: 'public',
        discriminator: `r${revision}`,
        details: {
          from: current.responseLevel,
          to: level,
          reason,
          previousDueAt: current.sla?.firstResponseDueAt ?? null,
          newDueAt: next.sla?.firstResponseDueAt ?? null,
        },
      };
      return { previous: current, next, cancel: pendingOf(timers), create, events: [event], alerts: [] };
    });
    return supportCase;
  };
}
