import { allowedTransitions, isOpen, statusForCoverage } from '../domain/case-lifecycle.js';
import { elapsedInClock, firstResponseDeadline, slaForCase } from '../domain/deadlines.js';
import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import type { Principal } from '../domain/principal.js';
import { type SlaTimer, isPageTimer, timersFor } from '../domain/sla-timers.js';
import { type CaseSecrets, type CaseStatus, type SupportCase, missingInformationOf, slaRecordOf } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { RequestType, ResponseLevel } from '../domain/support-policy.js';
import { SYSTEM_ACTOR, type TimelineEvent } from '../domain/timeline-event.js';
import { alertsForCase } from './alerts-for-case.js';
import type { CaseChange, OutboxAlert, SecretsPurge, StoredTimer } from '../ports/case-update-store.js';

/**
 * The decisions behind every change to a case, as steps on a draft: each takes
 * the draft so far and returns it with one more change (new fields, timers to
 * cancel or create, timeline events, alerts, secrets). A request that changes
 * several things composes several steps into one transaction.
 */
export interface Draft {
  readonly previous: SupportCase;
  readonly next: SupportCase;
  readonly timers: readonly StoredTimer[];
  readonly cancel: readonly StoredTimer[];
  readonly create: readonly SlaTimer[];
  readonly events: readonly TimelineEvent[];
  readonly alerts: readonly OutboxAlert[];
  readonly secrets?: Partial<CaseSecrets> | undefined;
  /** What becomes of the customer's secrets: purge them at a time (case closed), keep them (reopened), purge now. */
  readonly secretsPurge?: SecretsPurge | undefined;
  readonly at: string;
  readonly now: number;
}

export function startDraft(current: SupportCase, timers: readonly StoredTimer[], now: number): Draft {
  const at = formatInstant(now);
  return { previous: current, next: { ...current, updatedAt: at, version: current.version + 1 }, timers, cancel: [], create: [], events: [], alerts: [], at, now };
}

export function toChange(draft: Draft): CaseChange {
  return {
    previous: draft.previous,
    next: draft.next,
    cancel: draft.cancel,
    create: draft.create,
    events: draft.events,
    alerts: draft.alerts,
    secrets: draft.secrets,
    secretsPurge: draft.secretsPurge,
  };
}

const actorOf = (by: Principal) => ({ role: by.role, name: by.name });

/** Timers still pending and not already being cancelled by this draft. */
function stillPending(draft: Draft): StoredTimer[] {
  return draft.timers.filter((t) => t.status === 'pending' && !draft.cancel.includes(t));
}

/** Stops the first-response clock: when, met or not, the time taken in the level's clock; cancels the timers. */
export function recordFirstResponse(draft: Draft, by: Principal, directory: SupportDirectory): Draft {
  const current = draft.next;
  if (current.firstResponse !== null) return draft;
  const sla = current.sla;
  const institution = directory.institutions.get(current.institution);
  const met = sla ? draft.now <= Date.parse(sla.firstResponseDueAt) : null;
  const elapsedMs =
    sla && institution
      ? elapsedInClock(directory.policy.levels[current.responseLevel], Date.parse(current.createdAt), draft.now, directory.calendarOfCase(institution, current))
      : draft.now - Date.parse(current.createdAt);
  return {
    ...draft,
    next: {
      ...current,
      firstResponse: { at: draft.at, met: met ?? true, elapsedMs, by: actorOf(by) },
      slaState: met === null ? current.slaState : met ? 'met' : 'late',
    },
    cancel: [...draft.cancel, ...stillPending(draft)],
    events: [
      ...draft.events,
      {
        kind: 'first-response',
        at: draft.at,
        actor: actorOf(by),
        visibility: 'internal',
        discriminator: current.caseNumber,
        details: { met, elapsedSeconds: Math.round(elapsedMs / 1000), firstResponseDueAt: sla?.firstResponseDueAt ?? null },
      },
    ],
  };
}

/**
 * The first-response deadline of `level` counted from the original receipt, as
 * a new revision whose timers replace the pending ones; none when the request
 * is not covered. A response already recorded stays as it was.
 */
function redrawDeadline(draft: Draft, level: ResponseLevel, covered: boolean, directory: SupportDirectory): Draft {
  const current = draft.next;
  const institution = directory.institutions.get(current.institution);
  if (!institution) throw new DomainError('invalid-configuration', `institution ${current.institution} of case ${current.caseNumber} is not configured`);
  // The version the case was opened under, whatever has been added since.
  const calendar = directory.calendarOfCase(institution, current);
  const levelPolicy = directory.policy.levels[level];
  const receivedAt = Date.parse(current.createdAt);
  const revision = (current.sla?.revision ?? 0) + 1;
  const deadline = covered ? firstResponseDeadline(levelPolicy, receivedAt, calendar) : null;
  const watching = current.firstResponse === null && isOpen(current.status) && deadline !== null;
  return {
    ...draft,
    next: {
      ...current,
      responseLevel: level,
      sla: deadline && slaRecordOf(deadline, revision),
      // A new deadline starts a new clock: its own timers mark warnings and breaches again.
      slaState: deadline === null ? 'none' : watching ? 'running' : current.slaState,
      escalationStep: watching ? 0 : current.escalationStep,
    },
    // A new deadline replaces the SLA timers; a page under way keeps paging until acknowledged or answered.
    cancel: [...draft.cancel, ...stillPending(draft).filter((timer) => !isPageTimer(timer.kind))],
    create: watching ? timersFor({ receivedAt, targetMs: deadline.targetMs, level: levelPolicy, institutionCalendar: calendar, policy: directory.policy, revision }) : [],
  };
}

/** A new response level: the deadline becomes the new level's target counted from the original receipt. */
export function changeLevel(draft: Draft, level: ResponseLevel, reason: string, by: Principal, directory: SupportDirectory): Draft {
  const current = draft.next;
  if (current.responseLevel === level) return draft;
  const redrawn = redrawDeadline(draft, level, current.sla !== null, directory);
  return {
    ...redrawn,
    events: [
      ...redrawn.events,
      {
        kind: 'level-changed',
        at: draft.at,
        actor: actorOf(by),
        visibility: 'public',
        discriminator: redrawn.next.sla ? `r${redrawn.next.sla.revision}` : `v${current.version}`,
        details: { from: current.responseLevel, to: level, reason, previousDueAt: current.sla?.firstResponseDueAt ?? null, newDueAt: redrawn.next.sla?.firstResponseDueAt ?? null },
      },
    ],
  };
}

/**
 * Staff reclassify the request: its coverage and level follow the new type as
 * at intake, and the deadline is counted from the original receipt, as for a
 * level change. A request that is no longer covered is redirected (its clock
 * stops); a redirected request that now is covered becomes a new case.
 */
export function reclassify(draft: Draft, requestType: RequestType, reason: string, by: Principal, directory: SupportDirectory): Draft {
  const current = draft.next;
  if (current.requestType === requestType) return draft;
  const institution = directory.institutions.get(current.institution);
  if (!institution) throw new DomainError('invalid-configuration', `institution ${current.institution} of case ${current.caseNumber} is not configured`);
  const sla = slaForCase({ ...current, requestType }, Date.parse(current.createdAt), directory.calendarAt(institution, Date.parse(current.createdAt)), directory.policy);
  const status = statusForCoverage(sla.coverage.covered, current.status);
  const keepsClock = current.sla !== null && sla.coverage.covered && current.responseLevel === sla.responseLevel;
  const retyped: Draft = { ...draft, next: { ...current, requestType, coverage: sla.coverage, status } };
  const redrawn = keepsClock ? retyped : redrawDeadline(retyped, sla.responseLevel, sla.coverage.covered, directory);
  return {
    ...redrawn,
    events: [
      ...redrawn.events,
      {
        kind: 'request-type-changed',
        at: draft.at,
        actor: actorOf(by),
        visibility: 'public',
        discriminator: `v${current.version}`,
        details: {
          from: current.requestType,
          to: requestType,
          reason,
          covered: sla.coverage.covered,
          fromLevel: current.responseLevel,
          toLevel: sla.responseLevel,
          fromStatus: current.status,
          toStatus: status,
          previousDueAt: current.sla?.firstResponseDueAt ?? null,
          newDueAt: redrawn.next.sla?.firstResponseDueAt ?? null,
        },
      },
    ],
  };
}

/**
 * A status change, if the role may make it from where the case is; resolving or closing stops the clock's timers.
 * Closing a case that holds secrets schedules their purge `retention` later; reopening it keeps them.
 */
export function changeStatus(draft: Draft, to: CaseStatus, by: Principal, options: { readonly automatic?: boolean; readonly secretsRetentionMs?: number } = {}): Draft {
  const current = draft.next;
  if (current.status === to) return draft;
  const allowed = allowedTransitions(by.role, current.status, current.resolvedAt, draft.now);
  if (!options.automatic && !allowed.includes(to)) {
    throw new DomainError('transition-not-allowed', `a ${by.role} cannot move case ${current.caseNumber} from ${current.status} to ${to}`, {
      from: current.status,
      to,
      allowed,
    });
  }
  const stops = !isOpen(to);
  const purge = to === 'closed' ? purgeScheduled(draft, options.secretsRetentionMs) : current.status === 'closed' ? purgeCancelled(draft) : draft;
  return {
    ...purge,
    next: { ...purge.next, status: to, resolvedAt: to === 'resolved' ? draft.at : current.resolvedAt },
    cancel: stops ? [...draft.cancel, ...stillPending(draft)] : draft.cancel,
    create: stops ? [] : draft.create,
    events: [
      ...draft.events,
      {
        kind: 'status-changed',
        at: draft.at,
        actor: actorOf(by),
        visibility: 'public',
        discriminator: `${current.status}-${to}-v${current.version}`,
        details: { from: current.status, to, reopened: !isOpen(current.status) && isOpen(to), automatic: options.automatic ?? false },
      },
    ],
  };
}

export function changeAssignee(draft: Draft, assignee: string | null, by: Principal): Draft {
  const current = draft.next;
  if (current.assignee === assignee) return draft;
  return {
    ...draft,
    next: { ...current, assignee },
    events: [
      ...draft.events,
      { kind: 'assignee-changed', at: draft.at, actor: actorOf(by), visibility: 'internal', discriminator: `v${current.version}`, details: { from: current.assignee, to: assignee } },
    ],
  };
}

/** Missing information supplied: secrets go to the secrets item, the case records only that they were given. */
export function supplyInformation(
  draft: Draft,
  info: { readonly scenario?: string | undefined; readonly appCredentials?: string | undefined; readonly remoteAccess?: string | undefined },
  by: Principal,
  options: { readonly secretsRetentionMs?: number } = {},
): Draft {
  const current = draft.next;
  const scenario = info.scenario?.trim() ? info.scenario : current.scenario;
  const appCredentialsProvided = current.appCredentialsProvided || Boolean(info.appCredentials);
  const remoteAccessProvided = current.remoteAccessProvided || Boolean(info.remoteAccess);
  const supplied = [info.scenario?.trim() ? 'scenario' : null, info.appCredentials ? 'app-credentials' : null, info.remoteAccess ? 'remote-access' : null].filter(
    (item): item is string => item !== null,
  );
  if (supplied.length === 0) return draft;
  const supplying: Draft = {
    ...draft,
    next: {
      ...current,
      scenario,
      appCredentialsProvided,
      remoteAccessProvided,
      missingInformation: missingInformationOf({ scenario, connectLayer: current.connectLayer, appCredentialsProvided, remoteAccessProvided }),
    },
    secrets: { ...draft.secrets, ...(info.appCredentials ? { appCredentials: info.appCredentials } : {}), ...(info.remoteAccess ? { remoteAccess: info.remoteAccess } : {}) },
    events: [
      ...draft.events,
      // Says what was supplied, never the secret itself.
      { kind: 'information-supplied', at: draft.at, actor: actorOf(by), visibility: 'public', discriminator: `v${current.version}`, details: { supplied: supplied.join(',') } },
    ],
  };
  // Secrets given to a case that is already closed are purged like those it held when it was closed.
  return current.status === 'closed' ? purgeScheduled(supplying, options.secretsRetentionMs) : supplying;
}

/** A closed case that holds secrets gets a purge date, once (supplying more secrets later keeps the date). */
function purgeScheduled(draft: Draft, retentionMs: number | undefined): Draft {
  const current = draft.next;
  const holdsSecrets = current.appCredentialsProvided || current.remoteAccessProvided;
  if (!holdsSecrets || retentionMs === undefined || current.secretsPurgeDueAt !== null) return draft;
  const dueAt = formatInstant(draft.now + retentionMs);
  return { ...draft, next: { ...current, secretsPurgeDueAt: dueAt }, secretsPurge: { action: 'schedule', dueAt } };
}

/** A reopened case keeps its secrets. */
function purgeCancelled(draft: Draft): Draft {
  if (draft.next.secretsPurgeDueAt === null) return draft;
  return { ...draft, next: { ...draft.next, secretsPurgeDueAt: null }, secretsPurge: { action: 'cancel' } };
}

/**
 * The purge of a closed case's secrets has come due: the case no longer holds them (the secrets item is deleted in
 * the same transaction) and the timeline says so. A case reopened since keeps them (the purge is only cancelled).
 */
export function purgeSecrets(draft: Draft): Draft {
  const current = draft.next;
  // Only the date on the case counts: a purge listed as due may have been cancelled or moved since (reopened, closed again).
  const due = current.status === 'closed' && current.secretsPurgeDueAt !== null && Date.parse(current.secretsPurgeDueAt) <= draft.now;
  if (!due) return draft;
  const purged = [current.appCredentialsProvided ? 'app-credentials' : null, current.remoteAccessProvided ? 'remote-access' : null].filter((item): item is string => item !== null);
  const next = { ...current, appCredentialsProvided: false, remoteAccessProvided: false, secretsPurgeDueAt: null };
  return {
    ...draft,
    next: { ...next, missingInformation: missingInformationOf(next) },
    secretsPurge: { action: 'purge' },
    events: [
      ...draft.events,
      { kind: 'secrets-purged', at: draft.at, actor: SYSTEM_ACTOR, visibility: 'public', discriminator: `v${current.version}`, details: { purged: purged.join(',') } },
    ],
  };
}

/**
 * A current timer has fired: a warning, the breach, or an escalation step is
 * recorded (internal), with the alerts its policy names.
 */
export function timerFired(draft: Draft, timer: StoredTimer, directory: SupportDirectory): Draft {
  const current = draft.next;
  const suffix = `r${timer.revision}`;
  const step = timer.kind.startsWith('escalation-') ? Number(timer.kind.slice('escalation-'.length)) : 0;
  const next: SupportCase = {
    ...current,
    slaState: timer.kind === 'warning' ? (current.slaState === 'running' ? 'warning' : current.slaState) : 'breached',
    escalationStep: Math.max(current.escalationStep, step),
  };
  const kind = timer.kind === 'warning' ? 'sla-warning' : timer.kind === 'breach' ? 'sla-breached' : 'escalation';
  return {
    ...draft,
    next,
    events: [
      ...draft.events,
      {
        kind,
        at: draft.at,
        actor: SYSTEM_ACTOR,
        visibility: 'internal',
        discriminator: `${timer.kind}-${suffix}`,
        details: { timer: timer.kind, dueAt: formatInstant(timer.dueAt), firstResponseDueAt: current.sla?.firstResponseDueAt ?? null, step, topics: timer.topics.join(',') },
      },
    ],
    alerts: [...draft.alerts, ...alertsForCase(next, kind, timer.topics, directory, { idSuffix: step > 0 ? `${step}-${suffix}` : suffix, ...(step > 0 ? { step } : {}) })],
  };
}
