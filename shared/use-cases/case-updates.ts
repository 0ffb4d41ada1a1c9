import { randomUUID } from 'node:crypto';
import { statusAfterPublicComment } from '../domain/case-lifecycle.js';
import { DomainError } from '../domain/errors.js';
import { type Principal, isStaff, visibleTo } from '../domain/principal.js';
import { type CaseStatus, ROLES, type SupportCase } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { RequestType, ResponseLevel } from '../domain/support-policy.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { Clock } from '../ports/clock.js';
import type { Metrics } from '../ports/metrics.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { IdempotencyRecords } from '../ports/idempotency-records.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import * as z from 'zod/mini';
import { alertsForCase } from './alerts-for-case.js';
import { mailsForEvents } from './customer-mails.js';
import type { MailSettings } from '../domain/customer-mail.js';
import {
  type Draft,
  changeAssignee,
  changeLevel as changeLevelStep,
  changeStatus,
  reclassify,
  recordFirstResponse as recordFirstResponseStep,
  startDraft,
  supplyInformation,
  toChange,
} from './case-decisions.js';
import type { FollowUp } from './fire-timer.js';
import { type IdempotentRequest, IdempotencyKeyTaken, fingerprintOf, once } from './idempotency.js';

/** What `If-Match` allows: any current version (`*`), or one of these versions. */
export type IfMatch = '*' | readonly number[];

const MAX_ATTEMPTS = 5;

export interface CaseUpdateDeps {
  /** For checks that need the case alone (one read, not the case with its timers). */
  readonly cases: Pick<CaseReader, 'getCase'>;
  /** Where a retried request finds its Idempotency-Key. */
  readonly idempotency: IdempotencyRecords;
  readonly updates: CaseUpdateStore;
  readonly directory: SupportDirectory;
  readonly clock: Clock;
  readonly followUp: FollowUp;
  readonly metrics: Metrics;
  /** The mail domain each recorded mail's id is fixed with (the sender renders it); without it no customer mail is recorded (wirings that do not mail). */
  readonly mail?: Pick<MailSettings, 'domain'> | undefined;
}

const forbidden = (message: string) => new DomainError('forbidden', message);

/** The case, if the caller may see it (one read): refusing what it may not see comes first, so another institution's case stays a 404. */
async function mustSee(deps: Pick<CaseUpdateDeps, 'cases'>, principal: Principal, caseNumber: string): Promise<SupportCase> {
  return visibleTo(principal, caseNumber, await deps.cases.getCase(caseNumber));
}

/** A request's Idempotency-Key, and what to answer a retry with (decided with the change, recorded with it). */
interface IdempotencyOption {
  readonly request: IdempotentRequest;
  readonly result?: (draft: Draft) => Readonly<Record<string, unknown>>;
}

/**
 * Reads the case, decides, writes conditionally on the version read. With
 * `expectedVersion` (an If-Match) a changed case is refused with 412; without
 * it, a concurrent change makes it read again and decide again. With an
 * idempotency key the key is recorded in the same transaction; when another
 * request recorded it first, IdempotencyKeyTaken says so.
 */
async function change(
  deps: CaseUpdateDeps,
  principal: Principal,
  caseNumber: string,
  decide: (draft: Draft) => Draft,
  options: { readonly expectedVersion?: IfMatch; readonly extraEvents?: (draft: Draft) => readonly TimelineEvent[]; readonly idempotency?: IdempotencyOption | undefined } = {},
): Promise<SupportCase> {
  const pinned = options.expectedVersion !== undefined && options.expectedVersion !== '*';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const loaded = await deps.updates.loadCase(caseNumber);
    const supportCase = visibleTo(principal, caseNumber, loaded?.supportCase);
    const timers = loaded?.timers ?? [];
    if (pinned && !(options.expectedVersion as readonly number[]).includes(supportCase.version)) throw stale(caseNumber, supportCase.version);
    const draft = decide(startDraft(supportCase, timers, deps.clock.now()));
    const events = [...draft.events, ...(options.extraEvents?.(draft) ?? [])];
    const idempotency = options.idempotency && { record: options.idempotency.request, result: options.idempotency.result?.(draft) };
    const changed = draft.events.length > 0 || draft.alerts.length > 0 || draft.secrets !== undefined;
    // The customer's mail, decided from the public events and recorded with them.
    const mails = deps.mail ? mailsForEvents(draft.next, events, deps.directory, deps.mail) : [];
    if (!changed) {
      // Nothing about the case itself changes: append the events only (they never conflict with each other).
      if ((await deps.updates.appendEvents(caseNumber, events, idempotency, mails)) === 'applied') {
        if (mails.length > 0) await deps.followUp(caseNumber, { mails });
        return supportCase;
      }
    } else {
      const result = await deps.updates.applyCaseChange({ ...toChange(draft), events, idempotency, mails });
      if (result === 'applied') {
        const responded = supportCase.firstResponse === null ? draft.next.firstResponse : null;
        if (responded && draft.next.sla) deps.metrics.count(responded.met ? 'FirstResponsesMet' : 'FirstResponsesBreached', 1, { Level: draft.next.responseLevel });
        await deps.followUp(caseNumber, { ...draft, mails });
        // A deadline already past was handled while arming: answer with the case as it now stands.
        if (draft.create.some((timer) => timer.dueAt <= draft.now)) return (await deps.updates.loadCase(caseNumber))?.supportCase ?? draft.next;
        return draft.next;
      }
    }
    if (options.idempotency) {
      const taken = await deps.idempotency.findIdempotency(options.idempotency.request.scope, options.idempotency.request.key);
      if (taken) throw new IdempotencyKeyTaken(taken);
    }
    if (pinned) throw stale(caseNumber, undefined);
  }
  throw new DomainError('store-unavailable', `case ${caseNumber} kept changing; retry`);
}

function stale(caseNumber: string, current: number | undefined) {
  return new DomainError('precondition-failed', `case ${caseNumber} has changed since you read it; read it again and retry`, current === undefined ? {} : { currentVersion: current });
}

export interface CommentInput {
  readonly body: string;
  readonly visibility: 'public' | 'internal';
  /** Whether a public comment may move the case on (`statusAfterPublicComment`); default true. False for a watcher's emailed reply. */
  readonly movesStatus?: boolean;
}

export interface CommentOutcome {
  readonly supportCase: SupportCase;
  readonly comment: TimelineEvent;
  /** True when this answers a retry of a request already carried out. */
  readonly replayed: boolean;
}

/** A comment as recorded with its idempotency key, read back (parsed) for a retry. */
const storedCommentSchema = z.object({
  kind: z.literal('comment'),
  at: z.string(),
  actor: z.object({ role: z.enum(ROLES), name: z.string() }),
  visibility: z.enum(['public', 'internal']),
  discriminator: z.string(),
  details: z.object({ commentId: z.string(), body: z.string() }),
});

/**
 * A comment. Public ones are seen by the customer and staff, internal ones by
 * staff only. The first public comment from support is the case's first
 * response; a public comment may move the case on by itself
 * (`statusAfterPublicComment`). Comments never conflict with each other. With an
 * Idempotency-Key a retried comment is recorded once and answered the same.
 */
export function makeAddComment(deps: CaseUpdateDeps) {
  return async function addComment(
    principal: Principal,
    caseNumber: string,
    input: CommentInput,
    idempotencyKey?: string,
  ): Promise<CommentOutcome> {
    if (input.visibility === 'internal' && !isStaff(principal.role)) {
      await mustSee(deps, principal, caseNumber);
      throw forbidden('only support staff may write internal notes');
    }
    const request = idempotentRequest(principal, idempotencyKey, { route: 'comment', caseNumber, ...input });
    return once<CommentOutcome>(
      (scope, key) => deps.idempotency.findIdempotency(scope, key),
      request,
      async () => {
        const commentId = randomUUID();
        let comment: TimelineEvent | undefined;
        const commentAt = (draft: Draft): TimelineEvent =>
          (comment = {
            kind: 'comment',
            at: draft.at,
            actor: { role: principal.role, name: principal.name },
            visibility: input.visibility,
            discriminator: commentId,
            details: { commentId, body: input.body },
          });
        const supportCase = await change(
          deps,
          principal,
          caseNumber,
          (draft) => {
            if (input.visibility !== 'public') return draft;
            const responded = isStaff(principal.role) ? recordFirstResponseStep(draft, principal, deps.directory) : draft;
            const moveTo = input.movesStatus === false ? null : statusAfterPublicComment(principal.role, responded.next.status);
            return moveTo ? changeStatus(responded, moveTo, principal, { automatic: true }) : responded;
          },
          { extraEvents: (draft) => [commentAt(draft)], idempotency: request && { request, result: (draft) => ({ comment: comment ?? commentAt(draft) }) } },
        );
        return { supportCase, comment: comment!, replayed: false };
      },
      async (stored) => ({
        supportCase: await mustSee(deps, principal, stored.caseNumber),
        comment: storedCommentSchema.parse(stored.result?.comment),
        replayed: true,
      }),
    );
  };
}

/** The idempotency of a request that creates something: the caller's key and a fingerprint of what was asked. */
function idempotentRequest(principal: Principal, key: string | undefined, request: Record<string, unknown>): IdempotentRequest | undefined {
  return key === undefined ? undefined : { scope: principal.sub, key, fingerprint: fingerprintOf(request) };
}

export interface CasePatch {
  readonly status?: CaseStatus | undefined;
  readonly responseLevel?: ResponseLevel | undefined;
  readonly requestType?: RequestType | undefined;
  readonly reason?: string | undefined;
  readonly assignee?: string | null | undefined;
  readonly scenario?: string | undefined;
  readonly appCredentials?: string | undefined;
  readonly remoteAccess?: string | undefined;
}

/**
 * PATCH: status, request type and level (each with a reason), assignee and missing information, in
 * one transaction conditional on the version the caller read (If-Match).
 * Customers may close or reopen their case and supply missing information;
 * support staff may change everything.
 */
export function makeUpdateCase(deps: CaseUpdateDeps) {
  return async function updateCase(principal: Principal, caseNumber: string, expectedVersion: IfMatch, patch: CasePatch): Promise<SupportCase> {
    if (!isStaff(principal.role) && (patch.responseLevel !== undefined || patch.requestType !== undefined || patch.assignee !== undefined)) {
      await mustSee(deps, principal, caseNumber);
      throw forbidden('only support staff may change the request type, the response level or the assignee');
    }
    return change(
      deps,
      principal,
      caseNumber,
      (draft) => {
        const retention = { secretsRetentionMs: deps.directory.policy.secretsRetentionAfterClose };
        let next = supplyInformation(draft, patch, principal, retention);
        if (patch.requestType !== undefined) next = reclassify(next, patch.requestType, patch.reason ?? '', principal, deps.directory);
        if (patch.responseLevel !== undefined) next = changeLevelStep(next, patch.responseLevel, patch.reason ?? '', principal, deps.directory);
        if (patch.assignee !== undefined) next = changeAssignee(next, patch.assignee, principal);
        if (patch.status !== undefined) next = changeStatus(next, patch.status, principal, retention);
        return next;
      },
      { expectedVersion },
    );
  };
}

export interface EscalationOutcome {
  readonly supportCase: SupportCase;
  /** False when management was already alerted for this case within the policy's request window. */
  readonly alerted: boolean;
  /** When management was last alerted at someone's request. */
  readonly managementAlertedAt: string | null;
  readonly replayed: boolean;
}

/**
 * A customer or support asks for management attention. Every request is
 * recorded on the timeline; management is alerted at most once per case per
 * `policy.escalation.requestWindow` (default 4 hours), so repeated requests
 * cannot flood it. Retried with the same Idempotency-Key, it is recorded once.
 */
export function makeRequestEscalation(deps: CaseUpdateDeps) {
  return async function requestEscalation(principal: Principal, caseNumber: string, reason: string, idempotencyKey?: string): Promise<EscalationOutcome> {
    const request = idempotentRequest(principal, idempotencyKey, { route: 'escalation', caseNumber, reason });
    const windowMs = deps.directory.policy.escalation.requestWindow;
    return once<EscalationOutcome>(
      (scope, key) => deps.idempotency.findIdempotency(scope, key),
      request,
      async () => {
        const id = randomUUID();
        let alerted: boolean = false;
        const supportCase = await change(
          deps,
          principal,
          caseNumber,
          (draft) => {
            const last = draft.next.lastEscalationAlertAt;
            alerted = last === null || draft.now - Date.parse(last) >= windowMs;
            if (!alerted) return draft;
            const next = { ...draft.next, lastEscalationAlertAt: draft.at };
            return { ...draft, next, alerts: alertsForCase(next, 'escalation-requested', ['management'], deps.directory, { idSuffix: id, request: { by: principal.name, role: principal.role, reason } }) };
          },
          {
            extraEvents: (draft) => [
              { kind: 'escalation-requested', at: draft.at, actor: { role: principal.role, name: principal.name }, visibility: 'public', discriminator: id, details: { reason, managementAlerted: alerted } },
            ],
            idempotency: request && { request, result: () => ({ alerted }) },
          },
        );
        return { supportCase, alerted, managementAlertedAt: supportCase.lastEscalationAlertAt, replayed: false };
      },
      async (stored) => {
        const supportCase = await mustSee(deps, principal, stored.caseNumber);
        return { supportCase, alerted: stored.result?.alerted === true, managementAlertedAt: supportCase.lastEscalationAlertAt, replayed: true };
      },
    );
  };
}

/** Single SLA steps as use cases of their own (the SLA flows drive them; `by` must be support staff). */
export function makeSlaActions(deps: CaseUpdateDeps) {
  return {
    recordFirstResponse: (caseNumber: string, by: Principal) => change(deps, by, caseNumber, (draft) => recordFirstResponseStep(draft, by, deps.directory)),
    changeLevel: (caseNumber: string, level: ResponseLevel, reason: string, by: Principal) =>
      change(deps, by, caseNumber, (draft) => changeLevelStep(draft, level, reason, by, deps.directory)),
  };
}

