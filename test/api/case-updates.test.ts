import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../shared/domain/support-case.js';
import { type ApiAnswer, type ApiHarness, roleTokens, startApi } from '../support/api-harness.js';
import { caseInput } from '../support/builders.js';

/** A clock the tests move; the local runtime's use cases read it. */
let now = Date.parse('2026-11-30T10:00:00Z');
const clock = { now: () => now };
const setTime = (iso: string) => {
  now = Date.parse(iso);
};

let api: ApiHarness;
const tokens: Record<'own' | 'other' | 'agent' | 'manager', string> = { own: '', other: '', agent: '', manager: '' };
const customerAnswers: string[] = [];

async function call(role: keyof typeof tokens, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
  const answer = await api.request(method, path, { token: tokens[role], ...options });
  if (role === 'own' || role === 'other') customerAnswers.push(answer.text);
  return answer;
}

/** A fresh case of uni-a opened by an agent; `own` is uni-a's customer, `other` is uni-b's. */
async function openCase(overrides: Parameters<typeof caseInput>[0] = {}): Promise<string> {
  const answer = await call('agent', 'POST', '/cases', { body: { ...caseInput(overrides), institution: 'uni-a' } });
  expect(answer.status).toBe(201);
  return answer.json.caseNumber;
}

async function etag(caseNumber: string): Promise<string> {
  return (await call('agent', 'GET', `/cases/${caseNumber}`)).headers.get('etag')!;
}

async function patch(role: keyof typeof tokens, caseNumber: string, body: unknown, ifMatch?: string): Promise<ApiAnswer> {
  return call(role, 'PATCH', `/cases/${caseNumber}`, { body, headers: { 'if-match': ifMatch ?? (await etag(caseNumber)) } });
}

async function timeline(role: keyof typeof tokens, caseNumber: string): Promise<{ kind: string; visibility: string; actor: { name: string }; details: Record<string, unknown> }[]> {
  const items = [];
  let cursor: string | null = null;
  do {
    const page: ApiAnswer = await call(role, 'GET', `/cases/${caseNumber}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  api = await startApi({ clock });
  Object.assign(tokens, await roleTokens(api));
});

afterAll(async () => {
  await api.close();
});

describe('authorization matrix (docs/authorization.md): every route, every role', () => {
  type Cell = [string, (n: string, role: keyof typeof tokens) => Promise<ApiAnswer>, Record<keyof typeof tokens, number>];
  const cells: Cell[] = [
    ['GET /cases/{n}', (n, r) => call(r, 'GET', `/cases/${n}`), { own: 200, other: 404, agent: 200, manager: 200 }],
    ['GET /cases/{n}/timeline', (n, r) => call(r, 'GET', `/cases/${n}/timeline`), { own: 200, other: 404, agent: 200, manager: 200 }],
    ['POST comment (public)', (n, r) => call(r, 'POST', `/cases/${n}/comments`, { body: { body: 'hello', visibility: 'public' } }), { own: 201, other: 404, agent: 201, manager: 201 }],
    ['POST comment (internal)', (n, r) => call(r, 'POST', `/cases/${n}/comments`, { body: { body: 'note', visibility: 'internal' } }), { own: 403, other: 404, agent: 201, manager: 201 }],
    ['PATCH missing information', (n, r) => patch(r, n, { scenario: '1. open 2. crash' }, '"1"'), { own: 200, other: 404, agent: 200, manager: 200 }],
    ['PATCH responseLevel', (n, r) => patch(r, n, { responseLevel: 'I', reason: 'outage' }, '"1"'), { own: 403, other: 404, agent: 200, manager: 200 }],
    ['PATCH assignee', (n, r) => patch(r, n, { assignee: 'Sam Support' }, '"1"'), { own: 403, other: 404, agent: 200, manager: 200 }],
    ['PATCH status closed', (n, r) => patch(r, n, { status: 'closed' }, '"1"'), { own: 200, other: 404, agent: 200, manager: 200 }],
    ['PATCH status in-progress', (n, r) => patch(r, n, { status: 'in-progress' }, '"1"'), { own: 409, other: 404, agent: 200, manager: 200 }],
    ['POST escalation', (n, r) => call(r, 'POST', `/cases/${n}/escalations`, { body: { reason: 'nobody answers' } }), { own: 202, other: 404, agent: 202, manager: 202 }],
    ['GET credentials', (n, r) => call(r, 'GET', `/cases/${n}/credentials`), { own: 403, other: 404, agent: 200, manager: 403 }],
  ];
  for (const [name, run, expected] of cells) {
    for (const role of ['own', 'other', 'agent', 'manager'] as const) {
      it(`${name} as ${role === 'own' ? "the case's customer" : role === 'other' ? "another institution's customer" : role}: ${expected[role]}`, async () => {
        const n = await openCase({ impact: 'degraded', appCredentials: 'matrix-secret' });
        const answer = await run(n, role);
        expect(answer.status).toBe(expected[role]);
        if (answer.status >= 400) expect(answer.headers.get('content-type')).toBe('application/problem+json');
      });
    }
  }
});

describe('status lifecycle', () => {
  const statuses: CaseStatus[] = ['new', 'in-progress', 'awaiting-customer', 'resolved', 'closed', 'redirected'];
  const staffAllowed: Record<CaseStatus, CaseStatus[]> = {
    new: ['in-progress', 'awaiting-customer', 'resolved', 'closed'],
    'in-progress': ['awaiting-customer', 'resolved', 'closed'],
    'awaiting-customer': ['in-progress', 'resolved', 'closed'],
    resolved: ['in-progress', 'closed'],
    closed: ['in-progress'],
    redirected: ['closed'],
  };
  const customerAllowed: Record<CaseStatus, CaseStatus[]> = {
    new: ['closed'],
    'in-progress': ['closed'],
    'awaiting-customer': ['closed'],
    resolved: ['in-progress', 'closed'],
    closed: [],
    redirected: ['closed'],
  };

  async function caseIn(status: CaseStatus): Promise<string> {
    // A request support does not cover is redirected from the start; no one moves a case there.
    if (status === 'redirected') return openCase({ requestType: 'new-integration', impact: 'question' });
    const n = await openCase({ impact: 'question' });
    if (status !== 'new') expect((await patch('agent', n, { status })).status).toBe(200);
    return n;
  }

  for (const [role, allowed] of [['agent', staffAllowed], ['own', customerAllowed]] as const) {
    for (const from of statuses) {
      for (const to of statuses.filter((s) => s !== from)) {
        const ok = allowed[from].includes(to);
        it(`${role === 'own' ? 'customer' : 'agent'}: ${from} → ${to} is ${ok ? 'allowed' : 'refused with 409'}`, async () => {
          const n = await caseIn(from);
          const answer = await patch(role, n, { status: to });
          expect(answer.status).toBe(ok ? 200 : 409);
          if (ok) expect(answer.json.status).toBe(to);
          else expect(answer.json).toMatchObject({ code: 'transition-not-allowed', from, to, allowed: allowed[from] });
        });
      }
    }
  }

  it('lets a customer reopen a resolved case within 14 days, not after', async () => {
    setTime('2026-11-30T10:00:00Z');
    const recent = await caseIn('resolved');
    const old = await caseIn('resolved');
    setTime('2026-12-13T10:00:00Z');
    expect((await patch('own', recent, { status: 'in-progress' })).status).toBe(200);
    setTime('2026-12-15T10:00:01Z');
    const late = await patch('own', old, { status: 'in-progress' });
    expect(late.status).toBe(409);
    expect(late.json.allowed).toEqual(['closed']);
    setTime('2026-11-30T10:00:00Z');
  });

  it("moves a case awaiting the customer back to in progress when the customer comments", async () => {
    const n = await caseIn('awaiting-customer');
    expect((await call('own', 'POST', `/cases/${n}/comments`, { body: { body: 'here is the log', visibility: 'public' } })).status).toBe(201);
    expect((await call('own', 'GET', `/cases/${n}`)).json.status).toBe('in-progress');
  });
});

describe('first response', () => {
  it('24/7 level met: the first public agent reply stops the clock in wall-clock time', async () => {
    setTime('2026-11-30T10:00:00Z');
    const n = await openCase({ impact: 'module-down' });
    setTime('2026-11-30T10:05:00Z');
    await call('own', 'POST', `/cases/${n}/comments`, { body: { body: 'any news?', visibility: 'public' } });
    await call('agent', 'POST', `/cases/${n}/comments`, { body: { body: 'looking (internal)', visibility: 'internal' } });
    expect((await call('agent', 'GET', `/cases/${n}`)).json.firstResponse).toBeNull();
    setTime('2026-11-30T10:30:00Z');
    await call('agent', 'POST', `/cases/${n}/comments`, { body: { body: 'We are on it.', visibility: 'public' } });
    const after = (await call('own', 'GET', `/cases/${n}`)).json;
    expect(after).toMatchObject({ slaState: 'met', firstResponse: { at: '2026-11-30T10:30:00Z', met: true, elapsedSeconds: 1800, by: { role: 'agent', name: 'Sam Support' } } });
  });

  it('24/7 level breached: the sweeper records the breach, the late reply records the miss', async () => {
    setTime('2026-11-30T10:00:00Z');
    const n = await openCase({ impact: 'service-down' });
    setTime('2026-11-30T11:40:00Z');
    await api.service.sweep();
    expect((await call('agent', 'GET', `/cases/${n}`)).json).toMatchObject({ slaState: 'breached', escalationStep: 1 });
    await call('manager', 'POST', `/cases/${n}/comments`, { body: { body: 'Sorry for the delay.', visibility: 'public' } });
    expect((await call('agent', 'GET', `/cases/${n}`)).json).toMatchObject({ slaState: 'late', firstResponse: { met: false, elapsedSeconds: 6000 } });
  });

  it('business-time level: met inside business hours, missed after, measured in business time', async () => {
    setTime('2026-11-30T10:00:00Z'); // Monday, London
    const met = await openCase({ impact: 'degraded' });
    const missed = await openCase({ impact: 'degraded' });
    setTime('2026-11-30T16:00:00Z');
    await call('agent', 'POST', `/cases/${met}/comments`, { body: { body: 'Fix planned.', visibility: 'public' } });
    expect((await call('agent', 'GET', `/cases/${met}`)).json.firstResponse).toMatchObject({ met: true, elapsedSeconds: 5 * 3600 }); // 10–12:30, 13:30–16
    setTime('2026-12-01T14:00:00Z');
    await call('agent', 'POST', `/cases/${missed}/comments`, { body: { body: 'Fix planned.', visibility: 'public' } });
    expect((await call('agent', 'GET', `/cases/${missed}`)).json.firstResponse).toMatchObject({ met: false, elapsedSeconds: 10.5 * 3600 });
    setTime('2026-11-30T10:00:00Z');
  });
});

describe('level changes', () => {
  it('before the deadline: a new deadline from the original receipt, with the reason recorded', async () => {
    setTime('2026-11-30T10:00:00Z');
    const n = await openCase({ impact: 'degraded' });
    setTime('2026-11-30T10:20:00Z');
    const answer = await patch('agent', n, { responseLevel: 'II', reason: 'the timetable module is down' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ responseLevel: 'II', firstResponseDueAt: '2026-11-30T12:00:00Z', slaState: 'running' });
    const change = (await timeline('own', n)).find((e) => e.kind === 'level-changed');
    expect(change?.details).toMatchObject({ from: 'III', to: 'II', reason: 'the timetable module is down', previousDueAt: '2026-12-01T10:00:00Z', newDueAt: '2026-11-30T12:00:00Z' });
  });

  it('after the new deadline has passed: breached at once, and alerts go out', async () => {
    setTime('2026-11-30T10:00:00Z');
    const n = await openCase({ impact: 'question' });
    setTime('2026-11-30T13:00:00Z');
    const answer = await patch('agent', n, { responseLevel: 'I', reason: 'was an outage all along' });
    expect(answer.json).toMatchObject({ responseLevel: 'I', firstResponseDueAt: '2026-11-30T11:00:00Z', slaState: 'breached' });
    const alerts = readFileSync(join(api.dataDir, 'alerts.jsonl'), 'utf8');
    expect(alerts).toContain(`"caseNumber":"${n}","topic":"oncall"`);
  });

  it('needs a reason, and leaves a met response met', async () => {
    const n = await openCase({ impact: 'degraded' });
    expect((await patch('agent', n, { responseLevel: 'I' })).json.errors).toEqual([{ field: 'reason', message: 'a level change needs a reason' }]);
    await call('agent', 'POST', `/cases/${n}/comments`, { body: { body: 'on it', visibility: 'public' } });
    expect((await patch('agent', n, { responseLevel: 'I', reason: 'reclassified' })).json).toMatchObject({ responseLevel: 'I', slaState: 'met', firstResponse: { met: true } });
  });
});

describe('concurrency', () => {
  it('keeps all of 20 concurrent comments', async () => {
    const n = await openCase({ impact: 'degraded' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 3 === 0 ? 'own' : i % 3 === 1 ? 'agent' : 'manager', 'POST', `/cases/${n}/comments`, { body: { body: `comment ${i}`, visibility: 'public' } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const comments = (await timeline('agent', n)).filter((e) => e.kind === 'comment').map((e) => e.details.body);
    expect(comments.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `comment ${i}`).sort());
    expect((await timeline('agent', n)).filter((e) => e.kind === 'first-response')).toHaveLength(1);
  });

  it('lets only one of two conflicting updates win; the other gets 412 and changes nothing', async () => {
    const n = await openCase({ impact: 'degraded' });
    const tag = await etag(n);
    const [a, b] = await Promise.all([patch('agent', n, { status: 'resolved' }, tag), patch('manager', n, { status: 'awaiting-customer' }, tag)]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? 'resolved' : 'awaiting-customer';
    expect((await call('agent', 'GET', `/cases/${n}`)).json.status).toBe(winner);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'status-changed')).toHaveLength(1);
  });

  it('needs If-Match (428) and refuses a stale one (412)', async () => {
    const n = await openCase();
    const missing = await call('agent', 'PATCH', `/cases/${n}`, { body: { assignee: 'Sam' } });
    expect(missing.status).toBe(428);
    expect(missing.json.code).toBe('precondition-required');
    expect((await patch('agent', n, { assignee: 'Sam' }, '"1"')).status).toBe(200);
    const stale = await patch('agent', n, { assignee: 'Kim' }, '"1"');
    expect(stale.status).toBe(412);
    expect((await call('agent', 'GET', `/cases/${n}`)).json.assignee).toBe('Sam');
    expect((await patch('agent', n, { assignee: 'Kim' }, 'not-an-etag')).status).toBe(400);
  });
});

describe('updates', () => {
  it('refuses server-owned fields by name and changes nothing', async () => {
    const n = await openCase();
    const before = (await call('agent', 'GET', `/cases/${n}`)).json;
    const answer = await patch('agent', n, { version: 9, slaState: 'met', caseNumber: '00000001', status: 'resolved' });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['caseNumber', 'slaState', 'version']);
    expect((await call('agent', 'GET', `/cases/${n}`)).json).toEqual(before);
    expect((await patch('agent', n, { priority: 'high' })).json.errors).toEqual([{ field: 'priority', message: 'unknown field' }]);
    expect((await patch('agent', n, {})).status).toBe(400);
  });

  it('takes missing information from the customer, keeping secrets out of the case', async () => {
    const n = await openCase({ appCredentials: undefined, scenario: undefined, connectLayer: { type: 'local' } });
    expect((await call('own', 'GET', `/cases/${n}`)).json.missingInformation).toEqual(['app-credentials', 'scenario', 'remote-access']);
    const answer = await patch('own', n, { appCredentials: 'late-secret-pw', remoteAccess: 'late-vpn-token', scenario: 'open the app' });
    expect(answer.json).toMatchObject({ missingInformation: [], appCredentialsProvided: true, connectLayer: { remoteAccessProvided: true }, scenario: 'open the app' });
    expect(answer.text).not.toContain('late-secret-pw');
    const supplied = (await timeline('own', n)).find((e) => e.kind === 'information-supplied');
    expect(supplied?.details).toEqual({ supplied: 'scenario,app-credentials,remote-access' });
    expect((await call('agent', 'GET', `/cases/${n}/credentials`)).json).toMatchObject({ appCredentials: 'late-secret-pw', remoteAccess: 'late-vpn-token' });
  });

  it('alerts management when an escalation is requested, and records it', async () => {
    const n = await openCase({ title: 'Escalate me' });
    expect((await call('own', 'POST', `/cases/${n}/escalations`, { body: { reason: 'three days without news' } })).status).toBe(202);
    const alerts = readFileSync(join(api.dataDir, 'alerts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { caseNumber: string; topic: string; email: string; subject: string });
    const alert = alerts.find((a) => a.caseNumber === n && a.topic === 'management');
    expect(alert?.subject).toBe(`${n} Level II escalation requested: Escalate me`);
    expect(alert?.email).toContain('Requested by: "Ada Admin" (customer)\nReason, as written:\n> three days without news\n');
    expect((await timeline('own', n)).map((e) => e.kind)).toContain('escalation-requested');
  });

  it('records who read the credentials, when', async () => {
    setTime('2026-11-30T12:34:56Z');
    const n = await openCase({ appCredentials: 'reveal-me' });
    const answer = await call('agent', 'GET', `/cases/${n}/credentials`);
    expect(answer.json).toEqual({ caseNumber: n, appCredentials: 'reveal-me', remoteAccess: null });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const read = (await timeline('agent', n)).find((e) => e.kind === 'credentials-read');
    expect(read).toMatchObject({ actor: { role: 'agent', name: 'Sam Support' }, visibility: 'internal', details: { reader: 'Sam Support' } });
    expect((await timeline('own', n)).some((e) => e.kind === 'credentials-read')).toBe(false);
    setTime('2026-11-30T10:00:00Z');
  });

  it('pages the timeline oldest first', async () => {
    const n = await openCase();
    for (let i = 0; i < 7; i++) {
      now += 1000;
      await call('agent', 'POST', `/cases/${n}/comments`, { body: { body: `c${i}`, visibility: i % 2 ? 'internal' : 'public' } });
    }
    const staff = await timeline('agent', n);
    expect(staff.map((e) => e.kind)).toContain('case-opened');
    expect(staff.filter((e) => e.kind === 'comment').map((e) => e.details.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    const customer = await timeline('own', n);
    expect(customer.filter((e) => e.kind === 'comment').map((e) => e.details.body)).toEqual(['c0', 'c2', 'c4', 'c6']);
    expect((await call('agent', 'GET', `/cases/${n}/timeline?cursor=bogus`)).status).toBe(400);
  });
});

describe('internal notes', () => {
  it('never appear in any customer response, nor can a customer write one', async () => {
    const n = await openCase();
    const marker = 'INTERNAL-ONLY-7f3a';
    expect((await call('agent', 'POST', `/cases/${n}/comments`, { body: { body: `${marker} suspect the CDN`, visibility: 'internal' } })).status).toBe(201);
    expect((await call('own', 'POST', `/cases/${n}/comments`, { body: { body: 'sneaky', visibility: 'internal' } })).status).toBe(403);
    await call('own', 'GET', `/cases/${n}`);
    await timeline('own', n);
    await call('own', 'GET', '/cases?limit=100');
    expect(customerAnswers.length).toBeGreaterThan(50);
    for (const text of customerAnswers) {
      expect(text).not.toContain(marker);
      expect(text).not.toContain('"visibility":"internal"');
      expect(text).not.toContain('matrix-secret');
    }
    expect((await timeline('agent', n)).some((e) => String(e.details.body).includes(marker))).toBe(true);
  });
});

describe('logs', () => {
  it('never contain a secret supplied at intake, in an update or revealed to an agent', () => {
    expect(api.logLines.length).toBeGreaterThan(100);
    for (const line of api.logLines) {
      for (const secret of ['matrix-secret', 'late-secret-pw', 'late-vpn-token', 'reveal-me']) expect(line).not.toContain(secret);
    }
    // The lines about a case name it.
    expect(api.logLines.filter((line) => line.includes('"route":"PATCH /cases/{caseNumber}"')).every((line) => /"caseNumber":"\d{8}"/.test(line))).toBe(true);
  });
});
