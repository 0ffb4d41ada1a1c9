import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, type ApiHarness, startApi } from '../support/api-harness.js';
import { caseInput } from '../support/builders.js';

/**
 * How a case moves through the day: support's first public reply takes it into
 * progress, requests support does not cover are redirected (and kept out of the
 * SLA queue) until staff reclassify them, and the queue's views filter by assignee.
 */
let now = Date.parse('2026-11-30T10:00:00Z'); // a Monday, 10:00 in London
const clock = { now: () => now };
const setTime = (iso: string) => {
  now = Date.parse(iso);
};

let api: ApiHarness;
let customer = '';
let agent = '';

const call = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> =>
  api.request(method, path, { token, headers, ...(body === undefined ? {} : { body }) });

async function openCase(overrides: Parameters<typeof caseInput>[0] = {}): Promise<ApiAnswer['json']> {
  const answer = await call(customer, 'POST', '/cases', caseInput(overrides));
  expect(answer.status).toBe(201);
  return answer.json;
}

async function patch(token: string, caseNumber: string, body: unknown): Promise<ApiAnswer> {
  const tag = (await call(agent, 'GET', `/cases/${caseNumber}`)).headers.get('etag')!;
  return call(token, 'PATCH', `/cases/${caseNumber}`, body, { 'if-match': tag });
}

async function events(caseNumber: string, token = agent): Promise<{ kind: string; visibility: string; details: Record<string, unknown> }[]> {
  return (await call(token, 'GET', `/cases/${caseNumber}/timeline?limit=100`)).json.items;
}

async function listed(query: string): Promise<string[]> {
  const answer = await call(agent, 'GET', `/cases?limit=100&${query}`);
  expect(answer.status).toBe(200);
  return answer.json.items.map((c: { caseNumber: string }) => c.caseNumber);
}

beforeAll(async () => {
  api = await startApi({ clock });
  customer = await api.token({ role: 'customer', institution: 'uni-a', name: 'Ada Admin' });
  agent = await api.token({ role: 'agent', name: 'Sam Support' });
});

afterAll(async () => {
  await api.close();
});

describe("support's first public reply", () => {
  it('moves a new case to in-progress, recorded as an automatic public status change', async () => {
    const { caseNumber } = await openCase({ impact: 'degraded' });
    await call(agent, 'POST', `/cases/${caseNumber}/comments`, { body: 'looking at the logs', visibility: 'internal' });
    await call(customer, 'POST', `/cases/${caseNumber}/comments`, { body: 'any news?', visibility: 'public' });
    expect((await call(agent, 'GET', `/cases/${caseNumber}`)).json.status).toBe('new');

    setTime('2026-11-30T10:30:00Z');
    expect((await call(agent, 'POST', `/cases/${caseNumber}/comments`, { body: 'We are on it.', visibility: 'public' })).status).toBe(201);
    expect((await call(customer, 'GET', `/cases/${caseNumber}`)).json).toMatchObject({ status: 'in-progress', slaState: 'met' });
    const change = (await events(caseNumber, customer)).find((e) => e.kind === 'status-changed');
    expect(change).toMatchObject({ visibility: 'public', details: { from: 'new', to: 'in-progress', automatic: true } });
    setTime('2026-11-30T10:00:00Z');
  });

  it('leaves a case that is already being worked where it is', async () => {
    const { caseNumber } = await openCase({ impact: 'degraded' });
    expect((await patch(agent, caseNumber, { status: 'awaiting-customer' })).status).toBe(200);
    await call(agent, 'POST', `/cases/${caseNumber}/comments`, { body: 'Could you send the log?', visibility: 'public' });
    expect((await call(agent, 'GET', `/cases/${caseNumber}`)).json.status).toBe('awaiting-customer');
  });
});

describe('requests support does not cover', () => {
  it('are redirected: no clock, no alert, and never in the open statuses the queue reads', async () => {
    const integration = await openCase({ requestType: 'new-integration', impact: 'service-down' });
    expect(integration).toMatchObject({ status: 'redirected', sla: null, slaState: 'none' });
    for (const status of ['new', 'in-progress', 'awaiting-customer']) expect(await listed(`status=${status}`)).not.toContain(integration.caseNumber);
    expect(await listed('status=redirected')).toContain(integration.caseNumber);
    const alerts = readFileSync(join(api.dataDir, 'alerts.jsonl'), { encoding: 'utf8', flag: 'a+' });
    expect(alerts).not.toContain(integration.caseNumber);
  });

  it('can be reclassified by staff only, with a reason; the level and deadline count from the original receipt', async () => {
    setTime('2026-11-30T10:00:00Z');
    const { caseNumber } = await openCase({ requestType: 'ux-redesign', environment: 'production', impact: 'degraded' });
    expect((await patch(customer, caseNumber, { requestType: 'defect', reason: 'it is a bug' })).status).toBe(403);
    expect((await patch(agent, caseNumber, { requestType: 'defect' })).json.errors).toEqual([{ field: 'reason', message: 'a reclassification needs a reason' }]);

    setTime('2026-11-30T15:00:00Z');
    const answer = await patch(agent, caseNumber, { requestType: 'defect', reason: 'the layout bug is a defect, not a redesign' });
    expect(answer.status).toBe(200);
    // Level III, one business day from 10:00 on Monday (London, 09:00–17:30 with a lunch hour), not from 15:00.
    expect(answer.json).toMatchObject({ status: 'new', requestType: 'defect', responseLevel: 'III', coverage: { covered: true, route: 'support' }, slaState: 'running', firstResponseDueAt: '2026-12-01T10:00:00Z' });
    const change = (await events(caseNumber, customer)).find((e) => e.kind === 'request-type-changed');
    expect(change).toMatchObject({
      visibility: 'public',
      details: { from: 'ux-redesign', to: 'defect', reason: 'the layout bug is a defect, not a redesign', covered: true, fromStatus: 'redirected', toStatus: 'new', toLevel: 'III', newDueAt: '2026-12-01T10:00:00Z' },
    });
    expect(await listed('status=new')).toContain(caseNumber);
    setTime('2026-11-30T10:00:00Z');
  });

  it('a reclassification whose deadline has already passed is breached at once and pages on-call', async () => {
    setTime('2026-11-30T10:00:00Z');
    const { caseNumber } = await openCase({ requestType: 'new-integration', environment: 'production', impact: 'service-down' });
    setTime('2026-11-30T12:00:00Z');
    const answer = await patch(agent, caseNumber, { requestType: 'defect', reason: 'the SSO integration that exists is down' });
    expect(answer.json).toMatchObject({ status: 'new', responseLevel: 'I', firstResponseDueAt: '2026-11-30T11:00:00Z', slaState: 'breached' });
    expect(readFileSync(join(api.dataDir, 'alerts.jsonl'), 'utf8')).toContain(`"caseNumber":"${caseNumber}","topic":"oncall"`);
    setTime('2026-11-30T10:00:00Z');
  });

  it('a covered case reclassified as not covered is redirected and its clock stops', async () => {
    setTime('2026-11-30T10:00:00Z');
    const { caseNumber } = await openCase({ impact: 'degraded' });
    const answer = await patch(agent, caseNumber, { requestType: 'ux-redesign', reason: 'asks for a new home screen' });
    expect(answer.json).toMatchObject({ status: 'redirected', sla: null, slaState: 'none', coverage: { covered: false, route: 'account-manager' } });
    setTime('2026-12-03T10:00:00Z');
    await api.service.sweep();
    expect((await events(caseNumber)).some((e) => e.kind === 'sla-breached' || e.kind === 'sla-warning')).toBe(false);
    setTime('2026-11-30T10:00:00Z');
  });
});

describe('the queue views', () => {
  it('filter by assignee, or by unassigned with assignee=none', async () => {
    const mine = (await openCase({ impact: 'question' })).caseNumber;
    const nobodys = (await openCase({ impact: 'question' })).caseNumber;
    expect((await patch(agent, mine, { assignee: 'Sam Support' })).status).toBe(200);
    const assigned = await listed(`assignee=${encodeURIComponent('Sam Support')}`);
    expect(assigned).toContain(mine);
    expect(assigned).not.toContain(nobodys);
    const unassigned = await listed('assignee=none&status=new');
    expect(unassigned).toContain(nobodys);
    expect(unassigned).not.toContain(mine);
    expect((await call(agent, 'GET', `/cases?assignee=${'x'.repeat(201)}`)).json.errors).toEqual([{ field: 'assignee', message: expect.any(String) }]);
  });
});
