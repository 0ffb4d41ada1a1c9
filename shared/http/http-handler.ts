import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import type { Logger } from '../observability/logger.js';
import { principalFromClaims } from './principal-from-claims.js';
import { SECURITY_HEADERS, problemResponse } from './problem.js';

/**
 * The middy stack every HTTP function uses: a request logger and the one
 * problem+json error mapper first, the handler last. Handlers stay thin: parse,
 * call one use case, map the answer.
 */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface RequestScope {
  readonly event: HttpEvent;
  /** The verified caller; throws 401/403 when there is none. */
  principal(): Principal;
  /** Milliseconds left before the function is stopped. */
  remainingMs(): number;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** How long before the function's own timeout a request is answered 503 instead. */
export const TIMEOUT_MARGIN_MS = 500;

export function httpHandler(logger: () => Logger, handle: (scope: RequestScope) => Promise<HttpResult>) {
  return middy<HttpEvent, HttpResult, Error, Context>({
    // Half a second before Lambda would stop the function, give up and answer 503 (never a bare 500 from the gateway).
    timeoutEarlyInMillis: TIMEOUT_MARGIN_MS,
    timeoutEarlyResponse: () => {
      throw new DomainError('service-timeout', 'the request took too long to complete; retry (with the same Idempotency-Key when it created something)');
    },
  })
    .use({
      before: (request) => {
        const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
        (request.internal as Record<string, unknown>).log = logger().with({ requestId, route: request.event.routeKey });
        (request.internal as Record<string, unknown>).started = Date.now();
      },
      after: (request) => {
        const internal = request.internal as { log: Logger; started: number };
        internal.log.info('request', { status: request.response?.statusCode ?? 200, ms: Date.now() - internal.started, caseNumber: caseNumberOf(request.event, request.response) });
      },
      onError: (request) => {
        const internal = request.internal as { log?: Logger; started?: number };
        const log = internal.log ?? logger();
        const error = request.error;
        request.response = problemResponse(error, request.event.rawPath);
        // The problem mapper has already decided what the failure is; the log level follows its status.
        const fields = {
          status: request.response.statusCode ?? 500,
          ms: internal.started ? Date.now() - internal.started : undefined,
          code: error instanceof DomainError ? error.code : 'internal-error',
          caseNumber: caseNumberOf(request.event, undefined),
        };
        if (fields.status < 500) log.info('request refused', fields);
        else if (fields.status === 503) log.warn('dependency unavailable', fields);
        // The error's name and stack say where it failed; its message is left out because a
        // third-party error could quote the data it choked on.
        else log.error('request failed', { ...fields, error: error?.name, stack: error?.stack?.split('\n').slice(1, 6).join(' | ') });
      },
    })
    .handler(async (event, context) =>
      handle({
        event,
        remainingMs: () => (typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 10_000),
        principal: () => {
          const claims = event.requestContext?.authorizer?.jwt?.claims;
          if (!claims) throw new DomainError('unauthenticated', 'a valid bearer token is required');
          return principalFromClaims(claims);
        },
      }),
    );
}

function caseNumberOf(event: HttpEvent, response: HttpResult | undefined): string | undefined {
  const fromPath = event.pathParameters?.caseNumber;
  if (fromPath && /^\d{8}$/.test(fromPath)) return fromPath;
  const location = response?.headers?.location;
  return typeof location === 'string' ? /\/cases\/(\d{8})$/.exec(location)?.[1] : undefined;
}
