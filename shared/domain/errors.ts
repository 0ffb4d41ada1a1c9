/**
 * Errors the domain and the use cases raise. Each carries a stable `code` that
 * clients can rely on; none of them knows about HTTP (the HTTP layer maps codes
 * to statuses in one place: shared/http/problem.ts).
 *
 * A message must never contain a customer secret: messages are shown to users
 * and written to logs.
 */
export type ErrorCode =
  | 'validation-failed'
  | 'invalid-configuration'
  | 'no-business-hours'
  | 'beyond-horizon'
  | 'unauthenticated'
  | 'forbidden'
  | 'case-not-found'
  | 'route-not-found'
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'idempotency-key-reused'
  | 'unknown-institution'
  | 'store-unavailable'
  | 'service-timeout'
  | 'transition-not-allowed'
  | 'precondition-failed'
  | 'precondition-required'
  | 'attachment-not-found'
  | 'attachment-limit-reached'
  | 'attachment-not-available'
  | 'page-not-found'
  | 'page-already-acknowledged'
  | 'page-ended'
  | 'ack-link-invalid'
  | 'ack-link-expired'
  | 'schedule-not-found'
  | 'override-not-found';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `contact.email`; empty for the whole input. */
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly problems: readonly FieldProblem[],
  ) {
    super('validation-failed', message, { errors: problems });
  }
}

export class ConfigurationError extends DomainError {
  constructor(
    message: string,
    readonly problems: readonly FieldProblem[],
  ) {
    super('invalid-configuration', `${message}: ${problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}`);
  }
}

/** Raised instead of looping forever when a calendar can never be open. */
export class NoBusinessHoursError extends DomainError {
  constructor(calendarId: string) {
    super('no-business-hours', `calendar '${calendarId}' has no opening hours, so no business time can ever elapse`);
  }
}

/** A page cursor the service did not issue for this listing and caller, or one too old: 400 naming `cursor`. */
export function invalidCursor(message = 'not a cursor from a previous page of this listing'): ValidationError {
  return new ValidationError('the query has invalid parameters', [{ field: 'cursor', message }]);
}

/** Raised when business time would finish (or the calendar would open) only beyond the engine's search horizon. */
export class BusinessTimeHorizonError extends DomainError {
  constructor(calendarId: string, horizonDays: number, what: 'opens' | 'elapses') {
    super(
      'beyond-horizon',
      what === 'opens'
        ? `calendar '${calendarId}' does not open within the search horizon of ${horizonDays} days`
        : `the business time does not elapse within the search horizon of ${horizonDays} days in calendar '${calendarId}'`,
    );
  }
}
