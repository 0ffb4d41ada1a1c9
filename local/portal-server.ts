/**
 * What the local runtime serves besides the API: the built portal (portal/dist)
 * at `/`, its /config.json, the local attachment links (/local/attachments), the local mailbox (/local/mailbox), and a development sign-in (`POST /local/sign-in`)
 * that issues local tokens — the local stand-in for the Cognito hosted UI.
 * None of this exists in AWS, where CloudFront serves the portal.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import * as z from 'zod';
import { supportDirectory } from '../shared/config/support-config.js';
import { ROLES } from '../shared/domain/support-case.js';
import { portalConfig } from '../shared/http/portal-config.js';
import { serveLocalAttachments } from './attachment-server.js';
import { issueDevToken } from './dev-auth.js';
import { mailboxPage, readMailbox } from './mail-server.js';

export const PORTAL_DIST = resolve(import.meta.dirname, '..', 'portal', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The headers CloudFront's response-headers policy sets in AWS. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const signInSchema = z.strictObject({ role: z.enum(ROLES), institution: z.string().max(64).optional(), name: z.string().trim().min(1).max(100) });

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra });
  response.end(body);
}

/** Answers the request if it is the portal's; false when it is the API's to answer. */
export async function servePortal(request: IncomingMessage, response: ServerResponse, body: Buffer, dataDir: string): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (await serveLocalAttachments(request, response, body)) return true;
  if (request.method === 'GET' && url.pathname === '/config.json') {
    send(response, 200, 'application/json', JSON.stringify(portalConfig(supportDirectory(), { mode: 'local' })));
    return true;
  }
  if (request.method === 'GET' && url.pathname === '/local/mailbox') {
    if (url.searchParams.get('format') === 'json') send(response, 200, 'application/json', JSON.stringify(readMailbox(dataDir)));
    else send(response, 200, 'text/html; charset=utf-8', mailboxPage(dataDir));
    return true;
  }
  if (request.method === 'POST' && url.pathname === '/local/sign-in') {
    let parsed: z.infer<typeof signInSchema>;
    try {
      parsed = signInSchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      send(response, 400, 'application/problem+json', JSON.stringify({ status: 400, code: 'validation-failed', title: 'The request is not valid', detail: 'send role, name and, for a customer, institution' }));
      return true;
    }
    if (parsed.role === 'customer' && !supportDirectory().institutions.has(parsed.institution ?? '')) {
      send(response, 400, 'application/problem+json', JSON.stringify({ status: 400, code: 'validation-failed', title: 'The request is not valid', detail: 'choose a known institution' }));
      return true;
    }
    const token = await issueDevToken(dataDir, {
      role: parsed.role,
      institution: parsed.role === 'customer' ? parsed.institution : undefined,
      name: parsed.name,
      sub: `local-${parsed.role}-${parsed.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    });
    send(response, 200, 'application/json', JSON.stringify({ token }));
    return true;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  if (path !== '/index.html' && !path.startsWith('/assets/') && path !== '/favicon.svg') return false;
  if (!existsSync(join(PORTAL_DIST, 'index.html'))) {
    send(response, 503, 'text/plain; charset=utf-8', 'The portal is not built: run `npm run build:portal` (npm start does it).');
    return true;
  }
  const file = normalize(join(PORTAL_DIST, path));
  if (!file.startsWith(PORTAL_DIST) || !existsSync(file)) return false;
  send(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), path.startsWith('/assets/') ? { 'cache-control': 'public, max-age=31536000, immutable' } : {});
  return true;
}
