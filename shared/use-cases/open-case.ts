import { slaForCase } from '../domain/deadlines.js';
import { DomainError, ValidationError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import { type Principal, isStaff } from '../domain/principal.js';
import { type SupportCase, formatCaseNumber, missingInformationOf, slaRecordOf } from '../domain/support-case.js';
import type { Institution, SupportDirectory } from '../domain/support-directory.js';
import type { CaseIntake } from '../ports/case-intake.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { IdempotencyRecords } from '../ports/idempotency-records.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { timersFor } from '../domain/sla-timers.js';
import type { PagingPolicy } from '../domain/oncall-config.js';
import { pageTimersFor } from '../domain/paging.js';
import { alertsForCase } from './alerts-for-case.js';
import { openedMail } from './customer-mails.js';
import type { MailSettings } from '../domain/customer-mail.js';
import type { FollowUp } from './fire-timer.js';
import { type IdempotentRequest, IdempotencyKeyTaken, fingerprintOf, once } from './idempotency.js';

/** What the caller says about the case; the service adds the rest. */
export interface OpenCaseInput extends Pick<SupportCase, 'title' | 'description' | 'requestType' | 'environment' | 'impact' | 'productArea'> {
  readonly scenario?: string | undefined;
  readonly appCredentials?: string | undefined;
  readonly connectLayer?: { readonly type: 'hosted' | 'local'; readonly remoteAccess?: string | undefined } | undefined;
  readonly contact: { readonly name: string; readonly email: string; readonly phone?: string | undefined };
  readonly institution?: string | undefined;
}

export interface OpenCaseResult {
  readonly supportCase: SupportCase;
  /** False when an earlier request with the same idempotency key already opened it. */
  readonly created: boolean;
}

/**
 * What identifies an intake request for its Idempotency-Key: everything asked but the secrets. Credentials and
 * remote-access details never enter the fingerprint, so the idempotency record (kept a week in the case table,
 * readable by more functions than the secrets table) cannot be used to test guesses of them.
 */
function intakeFingerprint(input: OpenCaseInput, institution: string): string {
  const { appCredentials: _credentials, connectLayer, ...rest } = input;
  return fingerprintOf({ route: 'open-case', ...rest, connectLayer: connectLayer && { type: connectLayer.type }, institution });
}

export interface OpenCaseDeps {
  /** Where a retry reads the case its first request opened. */
  readonly cases: Pick<CaseReader, 'getCase'>;
  readonly intake: CaseIntake;
  readonly idempotency: IdempotencyRecords;
  readonly clock: Clock;
  readonly directory: SupportDirectory;
  /** Arms the timers and sends the alerts recorded with the case (on-call for levels I and II). */
  readonly followUp: FollowUp;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The mail domain each recorded mail's id is fixed with (the sender renders it); without it no acknowledgement is recorded. */
  readonly mail?: Pick<MailSettings, 'domain'> | undefined;
  /** The paging policy: a case of a paging level starts a page (its steps are timers of the case). None: no paging. */
  readonly paging?: PagingPolicy | undefined;
}

export function makeOpenCase(deps: OpenCaseDeps) {
  const { cases, intake, idempotency, clock, directory } = deps;

  const institutionFor = (principal: Principal, input: OpenCaseInput) => {
    if (!isStaff(principal.role)) {
      if (input.institution !== undefined) {
        throw new ValidationError('the request has invalid fields', [
          { field: 'institution', message: 'only support staff may open a case on behalf of an institution' },
        ]);
      }
      const own = principal.institution === null ? undefined : directory.institutions.get(principal.institution);
      if (!own) throw new DomainError('forbidden', 'your account is not linked to a known institution');
      return own;
    }
    if (input.institution === undefined) {
      throw new ValidationError('the request has invalid fields', [
        { field: 'institution', message: 'staff opening a case must name the institution it is for' },
      ]);
    }
    const named = directory.institutions.get(input.institution);
    if (!named) throw new ValidationError('the request has invalid fields', [{ field: 'institution', message: 'unknown institution' }]);
    return named;
  };

  const replay = async (caseNumber: string): Promise<OpenCaseResult> => {
    const supportCase = await cases.getCase(caseNumber);
    if (!supportCase) throw new DomainError('store-unavailable', 'the case recorded for this idempotency key cannot be read yet; retry');
    return { supportCase, created: false };
  };

  return async function openCase(principal: Principal, input: OpenCaseInput, idempotencyKey?: string): Promise<OpenCaseResult> {
    const institution = institutionFor(principal, input);
    const request = idempotencyKey === undefined ? undefined : { scope: principal.sub, key: idempotencyKey, fingerprint: intakeFingerprint(input, institution.id) };
    return once(
      (scope, key) => idempotency.findIdempotency(scope, key),
      request,
      () => open(principal, input, institution, request),
      (stored) => replay(stored.caseNumber),
    );
  };

  async function open(principal: Principal, input: OpenCaseInput, institution: Institution, request: IdempotentRequest | undefined): Promise<OpenCaseResult> {
    const receivedAt = clock.now();
    const calendar = directory.calendarAt(institution, receivedAt);
    const sla = slaForCase(input, receivedAt, calendar, directory.policy);
    const connectLayer = input.connectLayer?.type ?? institution.connectLayer;
    const scenario = input.scenario?.trim() ? input.scenario : null;
    const appCredentialsProvided = Boolean(input.appCredentials);
    const remoteAccessProvided = Boolean(input.connectLayer?.remoteAccess);
    const createdAt = formatInstant(receivedAt);
    const caseNumber = formatCaseNumber(await intake.allocateCaseNumber(receivedAt));

    const supportCase: SupportCase = {
      caseNumber,
      institution: institution.id,
      title: input.title,
      description: input.description,
      requestType: input.requestType,
      environment: input.environment,
      impact: input.impact,
      productArea: input.productArea,
      scenario,
      connectLayer,
      contact: { name: input.contact.name, email: input.contact.email, phone: input.contact.phone ?? null },
      responseLevel: sla.responseLevel,
      status: sla.coverage.covered ? 'new' : 'redirected',
      resolvedAt: null,
      assignee: null,
      coverage: sla.coverage,
      sla: sla.firstResponse && slaRecordOf(sla.firstResponse, 1),
      slaState: sla.firstResponse ? 'running' : 'none',
      escalationStep: 0,
      lastEscalationAlertAt: null,
      secretsPurgeDueAt: null,
      firstResponse: null,
      appCredentialsProvided,
      remoteAccessProvided,
      missingInformation: missingInformationOf({ scenario, connectLayer, appCredentialsProvided, remoteAccessProvided }),
      openedBy: { sub: principal.sub, role: principal.role, name: principal.name },
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };

    const levelPolicy = directory.policy.levels[supportCase.responseLevel];
    const { onOpen } = directory.policy.escalation;
    const pages = sla.firstResponse && deps.paging && onOpen.levels.includes(supportCase.responseLevel) ? pageTimersFor(deps.paging, receivedAt, 1) : [];
    const timers = sla.firstResponse
      ? [...timersFor({ receivedAt, targetMs: sla.firstResponse.targetMs, level: levelPolicy, institutionCalendar: calendar, policy: directory.policy, revision: 1 }), ...pages]
      : [];
    const alerts = sla.firstResponse && onOpen.levels.includes(supportCase.responseLevel) ? alertsForCase(supportCase, 'case-opened', onOpen.topics, directory) : [];

    const mails = deps.mail ? [openedMail(supportCase, directory, deps.mail)] : [];
    const result = await intake.createCase({
      supportCase,
      secrets: { appCredentials: input.appCredentials || null, remoteAccess: input.connectLayer?.remoteAccess || null },
      idempotency: request ?? null,
      event: {
        kind: 'case-opened',
        at: createdAt,
        actor: { role: principal.role, name: principal.name },
        visibility: 'public',
        discriminator: caseNumber,
        details: { responseLevel: supportCase.responseLevel, coverage: supportCase.coverage.route, firstResponseDueAt: supportCase.sla?.firstResponseDueAt ?? null },
      },
      timers,
      alerts,
      mails,
    });
    if (result.outcome === 'created') {
      deps.metrics.count('CasesOpened', 1, { Level: supportCase.responseLevel });
      // The case, its timers and its alerts are recorded: paging and arming timers now is only the fast path.
      // If either fails, the sweeper finishes the job within a minute, so the customer still gets a 201.
      try {
        await deps.followUp(caseNumber, { create: timers, alerts, mails });
      } catch (error) {
        deps.logger.warn('after-intake work deferred to the sweeper', { caseNumber, error: (error as Error).name });
      }
      return { supportCase: result.supportCase, created: true };
    }
    throw new IdempotencyKeyTaken(result.existing);
  }
}

export type OpenCase = ReturnType<typeof makeOpenCase>;
