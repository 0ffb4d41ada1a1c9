/**
 * The local runtime: an HTTP server that turns each request into the API Gateway
 * HTTP API (payload 2.0) event Lambda would receive, verifies the bearer token as
 * the JWT authorizer would, calls the same handler module, and turns its result
 * back into an HTTP response.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Context } from 'aws-lambda';
import { DomainError } from '../shared/domain/errors.js';
import type { HttpEvent, HttpResult } from '../shared/http/http-handler.js';
import { problemResponse } from '../shared/http/problem.js';
import { matchRoute, routeKey } from '../shared/http/routes.js';
import type { Verified } from './dev-auth.js';
import type { LambdaHandler } from './handlers.js';
import type { FunctionName } from '../shared/http/routes.js';

/** API Gateway's own payload limit for HTTP APIs. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
const FUNCTION_TIMEOUT_MS = 10_000;
const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[a-z0-9.+-]+\+json|[a-z0-9.+-]+\+xml))/i;

export interface LocalRuntimeOptions {
  readonly handlers: Record<FunctionName, LambdaHandler>;
  /** The authorizer's claims for a valid `Authorization` header, or why it was refused. */
  readonly verify: (authorization: string | undefined) => Promise<Verified>;
  readonly log?: (line: string) => void;
  /** Answers what is not the API's (the portal); returns false to let the API answer. */
  readonly other?: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<boolean>;
  /** The largest body `other` accepts (API Gateway's 10 MB when unset). */
  readonly otherMaxBody?: number;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function gatewayTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** Builds the payload 2.0 event for a request, as API Gateway would. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  route: { routeKey: string; pathParameters?: Record<string, string> | undefined },
  claims: Record<string, string> | undefined,
): HttpEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...(Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/;\s*/)));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.pathParameters && Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  } as HttpEvent;
}

/** The Lambda context a local invocation gets. */
export function lambdaContext(functionName: string, requestId: string): Context {
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Writes a function's result as the HTTP response. */
export function send(response: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}

export function createLocalRuntime(options: LocalRuntimeOptions): Server {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  return createServer((request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const match = matchRoute(method, path);
      let body: Buffer;
      try {
        // API requests are held to API Gateway's limit; what is not the API's (local attachment uploads) to its own.
        body = await readBody(request, match.kind === 'route' || !options.other ? GATEWAY_MAX_BODY : options.otherMaxBody ?? GATEWAY_MAX_BODY);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          send(response, problemResponse(new DomainError('payload-too-large', 'the body is larger than the gateway accepts'), path));
          request.resume();
          return;
        }
        throw error;
      }
      if (match.kind !== 'route' && options.other && (await options.other(request, response, body))) return;
      const route = match.kind === 'route' ? match.route : undefined;
      const functionName: FunctionName = route ? route.function : 'not-found';
      let claims: Record<string, string> | undefined;
      if (route?.authenticated) {
        const verified = await options.verify(request.headers.authorization);
        if ('refused' in verified) {
          // The deployed authorizer answers 401 before any function runs (there without a reason).
          send(response, problemResponse(new DomainError('unauthenticated', `a valid bearer token is required: ${verified.refused}`), path));
          return;
        }
        claims = verified.claims;
      }
      const event = toApiGatewayEvent(request, body, { routeKey: route ? routeKey(route) : '$default', pathParameters: match.kind === 'route' ? match.pathParameters : undefined }, claims);
      try {
        const result = await options.handlers[functionName](event, lambdaContext(functionName, event.requestContext.requestId));
        send(response, result);
      } catch (error) {
        // What API Gateway answers when the function itself fails.
        log(JSON.stringify({ level: 'error', message: 'function failed', function: functionName, error: (error as Error).name }));
        send(response, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Internal Server Error' }) });
      }
    })().catch((error: unknown) => {
      log(JSON.stringify({ level: 'error', message: 'local runtime failed', error: (error as Error).name }));
      if (!response.headersSent) send(response, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
      else response.destroy();
    });
  });
}
