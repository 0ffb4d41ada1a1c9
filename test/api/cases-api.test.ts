import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../local/dev-auth.js';
import { type ApiHarness, startApi } from '../support/api-harness.js';
import { supportDirectory } from '../../shared/config/support-config.js';

const SECRET_CREDENTIALS = 'app-user:Very$ecretPassw0rd';
const SECRET_REMOTE = 'vpn://connect-layer?token=TOPSECRET-REMOTE-42';

const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Students cannot log in',
  description: 'Since 09:00 every login fails with an error.',
  requestType: 'defect',
  environment: 'production',
  impact: 'service-down',
  productArea: 'authentication',
  scenario: '1. open the app 2. log in 3. see the error',
  appCredentials: SECRET_CREDENTIALS,
  contact: { name: 'Ada Admin', email: 'ada@uni-a.example', phone: '+44 20 7946 0000' },
  ...overrides,
});

let api: ApiHarness;
let customerA: string;
let customerB: string;
let agent: string;
let manager: string;
const answers: string[] = [];

async function call(method: string, path: string, options: Parameters<ApiHarness['request']>[2] = {}) {
  const answer = await api.request(method, path, options);
  answers.push(answer.text, JSON.stringify([...answer.headers]));
  return answer;
}

async function countCases(): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page = await call('GET', `/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: agent });
    count += page.json.items.length;
    cursor = page.json.nextCursor;
  } while (cursor);
  return count;
}

beforeAll(async () => {
  api = await startApi();
  customerA = await api.token({ role: 'customer', institution: 'uni-a', name: 'Ada Admin' });
  customerB = await api.token({ role: 'customer', institution: 'uni-b', name: 'Bea Admin' });
  agent = await api.token({ role: 'agent', name: 'Sam Support' });
  manager = await api.token({ role: 'manager', name: 'Max Manager' });
});

afterAll(async () => {
  await api.close();
});

describe('GET /health', () => {
  it('needs no token and says the service and its store are up', async () => {
    const answer = await call('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok', store: 'ok', warnings: [] });
  });
});

describe('POST /cases', () => {
  it('opens a level I case for a customer, with Location, deadline and missing information', async () => {
    const answer = await call('POST', '/cases', { token: customerA, body: body() });
    expect(answer.status).toBe(201);
    const opened = answer.json;
    expect(answer.headers.get('location')).toBe(`/cases/${opened.caseNumber}`);
    expect(opened).toMatchObject({
      institution: 'uni-a',
      responseLevel: 'I',
      status: 'new',
      requestType: 'defect',
      coverage: { covered: true, route: 'support' },
      missingInformation: [],
      appCredentialsProvided: true,
      connectLayer: { type: 'hosted', remoteAccessProvided: false },
      openedBy: { role: 'customer', name: 'Ada Admin' },
    });
    expect(opened.caseNumber).toMatch(/^\d{8}$/);
    const created = Date.parse(opened.createdAt);
    expect(Math.abs(created - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(opened.firstResponseDueAt) - created).toBe(3_600_000);
    expect(opened.sla).toMatchObject({ clock: '24x7', targetSeconds: 3600, calendar: { id: '24x7', version: 1 } });
  });

  it('lets an agent open a case on behalf of an institution, flagging what support still needs', async () => {
    const answer = await call('POST', '/cases', {
      token: agent,
      body: body({ institution: 'uni-b', impact: 'degraded', appCredentials: undefined, scenario: undefined, connectLayer: { type: 'local' } }),
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      institution: 'uni-b',
      responseLevel: 'III',
      missingInformation: ['app-credentials', 'scenario', 'remote-access'],
      openedBy: { role: 'agent', name: 'Sam Support' },
      sla: { clock: 'business', calendar: { id: 'au-east-support' } },
    });
    // The version in effect when the case was received (this test runs on the real clock).
    const history = supportDirectory().historyOf(supportDirectory().institutions.get('uni-b')!);
    expect(answer.json.sla.calendar.version).toBe(history.at(Date.parse(answer.json.createdAt)).version);
  });

  it('records not-covered requests with their routing and no deadline', async () => {
    const integration = await call('POST', '/cases', { token: customerA, body: body({ requestType: 'new-integration', impact: 'question' }) });
    expect(integration.status).toBe(201);
    expect(integration.json).toMatchObject({ status: 'redirected', slaState: 'none', responseLevel: 'IV', firstResponseDueAt: null, sla: null, coverage: { covered: false, route: 'ideas-exchange' } });
    const redesign = await call('POST', '/cases', { token: customerA, body: body({ requestType: 'ux-redesign', impact: 'question' }) });
    expect(redesign.json).toMatchObject({ status: 'redirected', coverage: { covered: false, route: 'account-manager' } });
    expect(redesign.json.coverage.earliestProjectStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const enhancement = await call('POST', '/cases', { token: customerA, body: body({ requestType: 'enhancement', impact: 'service-down' }) });
    expect(enhancement.json).toMatchObject({ status: 'new', responseLevel: 'IV', coverage: { covered: true, route: 'ideas-exchange' } });
    expect(enhancement.json.firstResponseDueAt).not.toBeNull();
  });

  it('replays a retry with the same Idempotency-Key and refuses the key with a different body', async () => {
    const before = await countCases();
    const first = await call('POST', '/cases', { token: customerA, body: body({ title: 'Idempotent' }), headers: { 'idempotency-key': 'retry-1' } });
    const retry = await call('POST', '/cases', { token: customerA, body: body({ title: 'Idempotent' }), headers: { 'idempotency-key': 'retry-1' } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.json).toEqual(first.json);
    const reused = await call('POST', '/cases', { token: customerA, body: body({ title: 'Different' }), headers: { 'idempotency-key': 'retry-1' } });
    expect(reused.status).toBe(422);
    expect(reused.json).toMatchObject({ code: 'idempotency-key-reused' });
    const badKey = await call('POST', '/cases', { token: customerA, body: body(), headers: { 'idempotency-key': 'spaces are not allowed' } });
    expect(badKey.status).toBe(400);
    expect(await countCases()).toBe(before + 1);
  });
});

describe('GET /cases/{caseNumber}', () => {
  it("shows a customer its own institution's case and hides another's as if it did not exist", async () => {
    const opened = (await call('POST', '/cases', { token: customerB, body: body({ title: 'Only for B' }) })).json;
    const own = await call('GET', `/cases/${opened.caseNumber}`, { token: customerB });
    expect(own.status).toBe(200);
    expect(own.json).toEqual(opened);

    const foreign = await call('GET', `/cases/${opened.caseNumber}`, { token: customerA });
    const missing = await call('GET', '/cases/99999999', { token: customerA });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.headers.get('content-type')).toBe('application/problem+json');
    const shape = (p: { code: string; title: string; status: number }) => ({ code: p.code, title: p.title, status: p.status });
    expect(shape(foreign.json)).toEqual(shape(missing.json));
    expect(foreign.text).not.toContain('Only for B');

    for (const staff of [agent, manager]) expect((await call('GET', `/cases/${opened.caseNumber}`, { token: staff })).status).toBe(200);
  });

  it('refuses a malformed case number with 400', async () => {
    const answer = await call('GET', '/cases/12', { token: agent });
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([{ field: 'caseNumber', message: 'a case number is 8 digits' }]);
  });
});

describe('GET /cases', () => {
  it("gives a customer only its institution's cases, newest first, whatever filter it sends", async () => {
    const own = await call('GET', '/cases?limit=100', { token: customerB });
    expect(own.status).toBe(200);
    expect(own.json.items.length).toBeGreaterThan(0);
    expect(own.json.items.every((c: { institution: string }) => c.institution === 'uni-b')).toBe(true);
    const numbers = own.json.items.map((c: { caseNumber: string }) => c.caseNumber);
    expect(numbers).toEqual([...numbers].sort().reverse());
    const sneaky = await call('GET', '/cases?institution=uni-a', { token: customerB });
    expect(sneaky.status).toBe(200);
    expect(sneaky.json.items).toEqual([]);
  });

  it('lets staff see every institution and filter by institution, status and level', async () => {
    const all = await call('GET', '/cases?limit=100', { token: manager });
    const institutions = new Set(all.json.items.map((c: { institution: string }) => c.institution));
    expect(institutions).toEqual(new Set(['uni-a', 'uni-b']));
    const onlyA = await call('GET', '/cases?institution=uni-a&level=I&status=new', { token: agent });
    expect(onlyA.json.items.length).toBeGreaterThan(0);
    expect(onlyA.json.items.every((c: { institution: string; responseLevel: string }) => c.institution === 'uni-a' && c.responseLevel === 'I')).toBe(true);
    const closed = await call('GET', '/cases?status=closed', { token: agent });
    expect(closed.json.items).toEqual([]);
  });

  it('pages with an opaque cursor, never repeating or skipping a case', async () => {
    const total = await countCases();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call('GET', `/cases?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: agent });
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((c: { caseNumber: string }) => c.caseNumber));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('refuses bad query parameters with 400 naming them', async () => {
    const answer = await call('GET', '/cases?limit=500&level=V&colour=red', { token: agent });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'level', 'limit']);
    expect((await call('GET', '/cases?cursor=garbage', { token: agent })).status).toBe(400);
  });
});

describe('authentication and roles', () => {
  it('answers 401 without a token, with an expired one, or with one signed by another key', async () => {
    const expired = await api.token({ role: 'agent', expiresInSeconds: -60 });
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['manager'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'local-dev' })
      .setSubject('intruder')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_CLIENT_ID)
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const token of [undefined, expired, forged, 'not-a-jwt']) {
      for (const [method, path] of [['GET', '/cases'], ['GET', '/cases/00000001'], ['POST', '/cases']] as const) {
        const answer = await call(method, path, { ...(token ? { token } : {}), ...(method === 'POST' ? { body: body() } : {}) });
        expect(answer.status).toBe(401);
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
  });

  it('answers 403 for a token without a support role, or a customer without an institution', async () => {
    const { issueDevToken } = await import('../../local/dev-auth.js');
    const noInstitution = await issueDevToken(api.dataDir, { role: 'customer' });
    const answer = await call('GET', '/cases', { token: noInstitution });
    expect(answer.status).toBe(403);
    expect(answer.json.code).toBe('forbidden');
    const unknownInstitution = await api.token({ role: 'customer', institution: 'uni-zz' });
    expect((await call('POST', '/cases', { token: unknownInstitution, body: body() })).status).toBe(403);
  });

  it('keeps institution in the hands of staff', async () => {
    const customerSetsIt = await call('POST', '/cases', { token: customerA, body: body({ institution: 'uni-b' }) });
    expect(customerSetsIt.status).toBe(400);
    expect(customerSetsIt.json.errors).toEqual([{ field: 'institution', message: 'only support staff may open a case on behalf of an institution' }]);
    const agentForgets = await call('POST', '/cases', { token: agent, body: body() });
    expect(agentForgets.status).toBe(400);
    expect(agentForgets.json.errors[0].field).toBe('institution');
    const unknown = await call('POST', '/cases', { token: agent, body: body({ institution: 'uni-zz' }) });
    expect(unknown.status).toBe(400);
  });
});

describe('bad input', () => {
  it('gets a 4xx problem+json naming the problem, and writes nothing', async () => {
    const before = await countCases();
    const cases: [string, Parameters<ApiHarness['request']>[2], number, string][] = [
      ['invalid JSON', { token: customerA, rawBody: `{"title": "x", "appCredentials": "${SECRET_CREDENTIALS}"`, headers: { 'content-type': 'application/json' } }, 400, 'validation-failed'],
      ['wrong content type', { token: customerA, rawBody: JSON.stringify(body()), headers: { 'content-type': 'text/plain' } }, 415, 'unsupported-media-type'],
      ['no content type', { token: customerA, rawBody: JSON.stringify(body()) }, 415, 'unsupported-media-type'],
      ['a body over 64 KB', { token: customerA, body: body({ description: 'x'.repeat(70_000) }) }, 413, 'payload-too-large'],
      ['an unknown field', { token: customerA, body: body({ priority: 'urgent' }) }, 400, 'validation-failed'],
      ['a JSON array', { token: customerA, body: [body()] }, 400, 'validation-failed'],
      ['a secret that is too long', { token: customerA, body: body({ appCredentials: `${SECRET_CREDENTIALS}${'y'.repeat(5000)}` }) }, 400, 'validation-failed'],
      ['a bad connect layer with a secret', { token: customerA, body: body({ connectLayer: { type: 'on-prem', remoteAccess: SECRET_REMOTE } }) }, 400, 'validation-failed'],
    ];
    for (const [name, options, status, code] of cases) {
      const answer = await call('POST', '/cases', options);
      expect(answer.status, name).toBe(status);
      expect(answer.headers.get('content-type'), name).toBe('application/problem+json');
      expect(answer.json, name).toMatchObject({ status, code, type: expect.stringContaining(code) });
      expect(answer.text, name).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    expect(await countCases()).toBe(before);
  });

  it('names each bad field', async () => {
    const answer = await call('POST', '/cases', {
      token: customerA,
      body: body({ title: '', requestType: 'complaint', environment: 'staging', contact: { name: 'A', email: 'not-an-email', fax: '1' }, extra: 1 }),
    });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contact.email', 'contact.fax', 'environment', 'extra', 'requestType', 'title']);
  });

  it('answers unknown routes with 404 and wrong methods with 405 and Allow', async () => {
    const unknown = await call('GET', '/nothing-here', { token: agent });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('route-not-found');
    const wrong = await call('DELETE', '/cases/00000001', { token: agent });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    expect((await call('PUT', '/health')).status).toBe(405);
  });
});

describe('secrets', () => {
  it('never appear in any response or log line', async () => {
    const opened = await call('POST', '/cases', {
      token: customerB,
      body: body({ connectLayer: { type: 'local', remoteAccess: SECRET_REMOTE } }),
    });
    expect(opened.status).toBe(201);
    expect(opened.json).toMatchObject({ appCredentialsProvided: true, connectLayer: { type: 'local', remoteAccessProvided: true } });
    await call('GET', `/cases/${opened.json.caseNumber}`, { token: agent });
    await call('GET', '/cases?limit=100', { token: manager });

    expect(answers.length).toBeGreaterThan(50);
    expect(api.logLines.length).toBeGreaterThan(20);
    for (const text of [...answers, ...api.logLines]) {
      expect(text).not.toContain(SECRET_CREDENTIALS);
      expect(text).not.toContain('Very$ecret');
      expect(text).not.toContain(SECRET_REMOTE);
      expect(text).not.toContain('TOPSECRET');
    }
    // Every request about a case is logged with its case number.
    expect(api.logLines.some((line) => line.includes(`"caseNumber":"${opened.json.caseNumber}"`))).toBe(true);
  });
});
