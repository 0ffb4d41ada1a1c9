import * as z from 'zod/mini';
import type { CoverageOutcome, FirstResponseDeadline } from './deadlines.js';
import { formatInstant } from './instant-text.js';
import type { Clock, Environment, Impact, RequestType, ResponseLevel } from './support-policy.js';

/**
 * A support case as recorded. Instants are ISO 8601 UTC text, the form they are
 * stored and shown in. Secrets (app credentials, remote access) are not part of
 * the case: it records only whether each was provided.
 */
/** `redirected`: a request support does not cover (new integration, UX redesign), recorded and sent elsewhere; no SLA clock. */
export const CASE_STATUSES = ['new', 'in-progress', 'awaiting-customer', 'resolved', 'closed', 'redirected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ROLES = ['customer', 'agent', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const MISSING_INFORMATION = ['app-credentials', 'scenario', 'remote-access'] as const;
export type MissingInformation = (typeof MISSING_INFORMATION)[number];

/** Case numbers are 8 digits, zero-padded: 00000042. */
export const CASE_NUMBER = /^\d{8}$/;
export const caseNumberSchema = z.string().check(z.regex(CASE_NUMBER, 'a case number is 8 digits'));

export function formatCaseNumber(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 99_999_999) {
    throw new RangeError(`case sequence ${sequence} does not fit 8 digits`);
  }
  return String(sequence).padStart(8, '0');
}

export interface Actor {
  readonly sub: string;
  readonly role: Role;
  readonly name: string;
}

export interface SlaRecord {
  /** 1 at intake, +1 whenever the deadline is recomputed (a level change); timers carry it. */
  readonly revision: number;
  readonly clock: Clock;
  readonly targetMs: number;
  readonly firstResponseDueAt: string;
  readonly firstResponseWarningAt: string;
  readonly calendarId: string;
  readonly calendarVersion: number;
}

export interface SupportCase {
  readonly caseNumber: string;
  readonly institution: string;
  readonly title: string;
  readonly description: string;
  readonly requestType: RequestType;
  readonly environment: Environment;
  readonly impact: Impact;
  readonly productArea: string;
  readonly scenario: string | null;
  readonly connectLayer: 'hosted' | 'local';
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string | null };
  readonly responseLevel: ResponseLevel;
  readonly status: CaseStatus;
  /** When the case was last resolved (a customer may reopen within 14 days); null when never. */
  readonly resolvedAt: string | null;
  /** Name of the support person working the case; null when unassigned. */
  readonly assignee: string | null;
  readonly coverage: CoverageOutcome;
  /** Null when support does not cover the request. */
  readonly sla: SlaRecord | null;
  readonly slaState: SlaState;
  /** The last escalation step taken after a breach (0: none). */
  readonly escalationStep: number;
  /** When management was last alerted because someone asked for escalation; null when never. */
  readonly lastEscalationAlertAt: string | null;
  /** When the customer's secrets are to be purged (set while the case is closed and holds secrets); null otherwise. */
  readonly secretsPurgeDueAt: string | null;
  readonly firstResponse: FirstResponse | null;
  readonly appCredentialsProvided: boolean;
  readonly remoteAccessProvided: boolean;
  readonly missingInformation: readonly MissingInformation[];
  readonly openedBy: Actor;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented by every change; updates are conditional on it. */
  readonly version: number;
}

/**
 * Where the first-response clock stands: `running` (no warning yet), `warning`, `breached`;
 * then `met` or `late` once support has responded; `none` when no clock runs.
 */
export const SLA_STATES = ['running', 'warning', 'breached', 'met', 'late', 'none'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface FirstResponse {
  readonly at: string;
  readonly met: boolean;
  /** Time to respond in the level's clock (wall-clock for I/II, business time for III/IV). */
  readonly elapsedMs: number;
  readonly by: { readonly role: Role; readonly name: string };
}

/** What a case records of a first-response deadline. */
export function slaRecordOf(deadline: FirstResponseDeadline, revision: number): SlaRecord {
  return {
    revision,
    clock: deadline.clock,
    targetMs: deadline.targetMs,
    firstResponseDueAt: formatInstant(deadline.dueAt),
    firstResponseWarningAt: formatInstant(deadline.warningAt),
    calendarId: deadline.calendarId,
    calendarVersion: deadline.calendarVersion,
  };
}

/** Secrets a customer supplied for a case. Stored apart from the case and never returned by ordinary reads. */
export interface CaseSecrets {
  readonly appCredentials: string | null;
  readonly remoteAccess: string | null;
}

/** Which of the things support needs to work a case are still missing. Never a reason to refuse a case. */
export function missingInformationOf(input: {
  readonly scenario: string | null;
  readonly connectLayer: 'hosted' | 'local';
  readonly appCredentialsProvided: boolean;
  readonly remoteAccessProvided: boolean;
}): MissingInformation[] {
  const missing: MissingInformation[] = [];
  if (!input.appCredentialsProvided) missing.push('app-credentials');
  if (input.scenario === null || input.scenario.trim() === '') missing.push('scenario');
  if (input.connectLayer === 'local' && !input.remoteAccessProvided) missing.push('remote-access');
  return missing;
}
