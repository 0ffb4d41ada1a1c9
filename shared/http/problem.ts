import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, type ErrorCode } from '../domain/errors.js';

/**
 * The one place where error codes become HTTP answers: RFC 9457
 * `application/problem+json` with a stable `code`. Unknown errors become a
 * generic 500 that says nothing about what failed.
 */
const STATUS: Record<ErrorCode, { status: number; title: string }> = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'invalid-configuration': { status: 500, title: 'The service is misconfigured' },
  'no-business-hours': { status: 500, title: 'The service is misconfigured' },
  'beyond-horizon': { status: 500, title: 'The service is misconfigured' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'case-not-found': { status: 404, title: 'Case not found' },
  'route-not-found': { status: 404, title: 'No such route' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused for a different request' },
  'unknown-institution': { status: 400, title: 'Unknown institution' },
  'store-unavailable': { status: 503, title: 'Service temporarily unavailable' },
  'service-timeout': { status: 503, title: 'Service temporarily unavailable' },
  'transition-not-allowed': { status: 409, title: 'Status change not allowed' },
  'precondition-failed': { status: 412, title: 'The case has changed since you read it' },
  'precondition-required': { status: 428, title: 'If-Match required' },
  'attachment-not-found': { status: 404, title: 'Attachment not found' },
  'attachment-limit-reached': { status: 409, title: 'The case has as many attachments as it may' },
  'attachment-not-available': { status: 409, title: 'The attachment cannot be downloaded yet' },
  'page-not-found': { status: 404, title: 'Page not found' },
  'page-already-acknowledged': { status: 409, title: 'The page was already acknowledged' },
  'page-ended': { status: 409, title: 'The paging has ended' },
  'ack-link-invalid': { status: 403, title: 'Not an acknowledgement link for this page' },
  'ack-link-expired': { status: 410, title: 'The acknowledgement link has expired' },
  'schedule-not-found': { status: 404, title: 'On-call schedule not found' },
  'override-not-found': { status: 404, title: 'Override not found' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** On every API answer: never cached, never sniffed as another type (so a JSON body is never run as HTML). */
export const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export function problemFor(error: unknown, instance?: string): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof DomainError) {
    const { status, title } = STATUS[error.code];
    // Configuration faults are ours, not the caller's: do not describe them.
    const shown = status < 500 || status === 503;
    const { cause: _cause, allow, ...details } = error.details as Record<string, unknown>;
    const headers: Record<string, string> = {};
    if (status === 401) headers['www-authenticate'] = 'Bearer';
    if (status === 405 && typeof allow === 'string') headers.allow = allow;
    if (status === 503) headers['retry-after'] = '1';
    return {
      problem: {
        type: `https://support.example.com/problems/${error.code}`,
        title,
        status,
        code: shown ? error.code : 'internal-error',
        detail: shown ? error.message : 'Something went wrong on our side. The error was logged; please retry later.',
        ...(instance ? { instance } : {}),
        ...(shown ? details : {}),
      },
      headers,
    };
  }
  return {
    problem: {
      type: 'https://support.example.com/problems/internal-error',
      title: 'Internal error',
      status: 500,
      code: 'internal-error',
      detail: 'Something went wrong on our side. The error was logged; please retry later.',
      ...(instance ? { instance } : {}),
    },
    headers: {},
  };
}

export function problemResponse(error: unknown, instance?: string): APIGatewayProxyStructuredResultV2 {
  const { problem, headers } = problemFor(error, instance);
  return {
    statusCode: problem.status,
    headers: { ...SECURITY_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(problem),
  };
}
