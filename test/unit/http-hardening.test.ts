import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../shared/domain/alert-message.js';
import { type HttpEvent, httpHandler, json } from '../../shared/http/http-handler.js';
import { principalFromClaims } from '../../shared/http/principal-from-claims.js';
import { createLogger } from '../../shared/observability/logger.js';
import { fingerprintOf } from '../../shared/use-cases/idempotency.js';

const event = { routeKey: 'GET /cases', rawPath: '/cases', headers: {}, requestContext: { requestId: 'r1' } } as unknown as HttpEvent;
const contextWith = (remainingMs: number): Context => {
  const deadline = Date.now() + remainingMs;
  return { awsRequestId: 'r1', getRemainingTimeInMillis: () => deadline - Date.now() } as unknown as Context;
};

describe('the HTTP stack', () => {
  it('answers 503 problem+json with Retry-After before the function times out, never a bare 500', async () => {
    const lines: string[] = [];
    const handler = httpHandler(() => createLogger({ write: (line) => lines.push(line) }), () => new Promise(() => undefined));
    const answer = await handler(event, contextWith(800));
    expect(answer.statusCode).toBe(503);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '1', 'x-content-type-options': 'nosniff' });
    expect(JSON.parse(answer.body!)).toMatchObject({ code: 'service-timeout', status: 503 });
  });

  it('answers normally with time to spare', async () => {
    const handler = httpHandler(() => createLogger({ write: () => undefined }), async () => json(200, { ok: true }));
    expect((await handler(event, contextWith(5_000))).statusCode).toBe(200);
  });
});

describe('the logger', () => {
  it('keeps its own fields: a caller field with the same name is kept beside them', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line), base: { service: 'spoofed' } }).with({ message: 'spoofed too' });
    log.info('alert sent', { level: 'I', timestamp: 'yesterday' });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', message: 'alert sent', service: 'support-sla', 'field.level': 'I', 'field.timestamp': 'yesterday', 'field.message': 'spoofed too', 'field.service': 'spoofed' });
    expect(line.timestamp).not.toBe('yesterday');
  });
});

describe('alerts', () => {
  const facts = {
    caseNumber: '00000001',
    kind: 'escalation-requested' as const,
    institution: 'uni-a',
    institutionName: 'University A',
    level: 'II' as const,
    title: 'Title "with quotes"\r\nInstitution: uni-b',
    dueAtUtc: null,
    dueAtLocal: null,
    zone: 'Europe/London',
    missingInformation: [],
  };

  it('quotes one-line values and prefixes every line of a reason, whatever separator it used', () => {
    const { email } = renderAlert({ ...facts, request: { by: 'Eve\nLevel: I', role: 'customer', reason: 'a\rb\u0085c\u2028d\u2029e\r\nf\u000bg' } });
    const lines = email.split('\n');
    expect(lines).toContain('Title: "Title \\"with quotes\\" Institution: uni-b"');
    expect(lines).toContain('Requested by: "Eve Level: I" (customer)');
    expect(lines.slice(lines.indexOf('Reason, as written:') + 1, -1)).toEqual(['> a', '> b', '> c', '> d', '> e', '> f', '> g']);
    expect(lines.filter((line) => /^(Institution|Level):/.test(line))).toEqual(['Institution: University A (uni-a)', 'Level: II']);
  });
});

describe('names from tokens', () => {
  it('are cleaned of every unpaired surrogate, control and bidirectional character', () => {
    const claims = { sub: 'u1', 'cognito:groups': '[agent]', name: 'a\ud800b\ud800c\udc00d\u202e\ne\u0000f' };
    expect(principalFromClaims(claims).name).toBe('a\ufffdb\ufffdc\ufffdd e f');
  });
});

describe('staff without MFA', () => {
  it('are told why they are refused: the token says MFA is required', () => {
    expect(() => principalFromClaims({ sub: 'u2', 'cognito:groups': '[]', mfa_required: 'true' })).toThrow(/multi-factor authentication/);
    expect(() => principalFromClaims({ sub: 'u3', 'cognito:groups': '[]' })).toThrow(/no support role/);
  });
});

describe('idempotency fingerprints', () => {
  it('do not depend on key order, and differ when what was asked differs', () => {
    expect(fingerprintOf({ a: 1, b: { c: 2, d: 3 } })).toBe(fingerprintOf({ b: { d: 3, c: 2 }, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
    expect(fingerprintOf({ a: 1, b: undefined })).toBe(fingerprintOf({ a: 1 }));
  });
});
