import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseInput } from '../support/builders.js';
import { type ApiHarness, roleTokens, startApi } from '../support/api-harness.js';

let api: ApiHarness;
let tokens: Awaited<ReturnType<typeof roleTokens>>;

beforeAll(async () => {
  api = await startApi();
  tokens = await roleTokens(api);
});

afterAll(async () => {
  await api.close();
});

const person = (name: string, phone = '+447700900999') => ({ name, phone, email: `${name.toLowerCase().replace(/\W/g, '')}@support.example` });

/** The SMS lines of the local alerts file for a case, once there are `count` of them. */
async function smsFor(caseNumber: string, count = 1): Promise<{ to: string; text: string }[]> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    const lines = readFileSync(join(api.dataDir, 'alerts.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind?: string; channel?: string; to: string; text: string });
    const sms = lines.filter((line) => line.kind === 'page' && line.channel === 'sms' && line.text.startsWith(caseNumber));
    if (sms.length >= count) return sms;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no page SMS for case ${caseNumber}`);
}

describe('the on-call rota API', () => {
  it('shows staff who is on call now and next, seeded from config/oncall.json, and refuses customers', async () => {
    const now = await api.request('GET', '/oncall/now', { token: tokens.agent });
    expect(now.status).toBe(200);
    expect(now.json).toMatchObject({ schedule: 'support-24x7', zone: 'Europe/London', primary: { now: { name: expect.any(String), phone: expect.stringMatching(/^\+44/) }, next: { from: expect.any(String) } } });
    expect(now.json.primary.now.to).toBe(now.json.primary.next.from);
    expect((await api.request('GET', '/oncall/now', { token: tokens.own })).status).toBe(403);
    expect((await api.request('GET', '/oncall/schedules/nope', { token: tokens.agent })).json).toMatchObject({ status: 404, code: 'schedule-not-found' });
  });

  it('lets managers replace a schedule, naming each bad field, and nobody else', async () => {
    const current = (await api.request('GET', '/oncall/schedules/support-24x7', { token: tokens.manager })).json;
    const { id: _id, version: _version, overrides: _overrides, ...body } = current;
    expect((await api.request('PUT', '/oncall/schedules/support-24x7', { token: tokens.agent, body })).status).toBe(403);
    const bad = await api.request('PUT', '/oncall/schedules/support-24x7', { token: tokens.manager, body: { ...body, zone: 'Mars/Base', primary: [{ ...body.primary[0], phone: '07700 900101' }], extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'primary.0.phone', 'zone']);
    const edited = await api.request('PUT', '/oncall/schedules/support-24x7', { token: tokens.manager, body: { ...body, handover: { ...body.handover, time: '08:30' } } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ version: current.version + 1, handover: { time: '08:30' } });
    // A restart seeds nothing over the edit.
    expect((await api.request('GET', '/oncall/schedules/support-24x7', { token: tokens.agent })).json.handover.time).toBe('08:30');
  });

  it('takes overrides from managers (local times in the schedule zone), once per Idempotency-Key, and removes them', async () => {
    const body = { schedule: 'support-24x7', layer: 'primary', person: person('Ana Cover'), from: '2027-03-26T18:00', to: '2027-03-29T09:00' };
    const badTo = await api.request('POST', '/oncall/overrides', { token: tokens.manager, body: { ...body, to: '2027-03-26T09:00' } });
    expect([badTo.status, badTo.json.errors]).toEqual([400, [{ field: 'to', message: 'must be after from' }]]);
    expect((await api.request('POST', '/oncall/overrides', { token: tokens.agent, body })).status).toBe(403);
    const made = await api.request('POST', '/oncall/overrides', { token: tokens.manager, body, headers: { 'idempotency-key': 'cover-1' } });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ from: '2027-03-26T18:00:00Z', to: '2027-03-29T08:00:00Z', fromLocal: '2027-03-26T18:00:00+00:00', toLocal: '2027-03-29T09:00:00+01:00' });
    const again = await api.request('POST', '/oncall/overrides', { token: tokens.manager, body, headers: { 'idempotency-key': 'cover-1' } });
    expect([again.status, again.headers.get('idempotent-replayed'), again.json.id]).toEqual([201, 'true', made.json.id]);
    expect((await api.request('POST', '/oncall/overrides', { token: tokens.manager, body: { ...body, layer: 'secondary' }, headers: { 'idempotency-key': 'cover-1' } })).status).toBe(422);
    const listed = (await api.request('GET', '/oncall/schedules/support-24x7', { token: tokens.agent })).json.overrides;
    expect(listed.map((o: { id: string }) => o.id)).toContain(made.json.id);
    expect((await api.request('DELETE', `/oncall/overrides/${made.json.id}`, { token: tokens.manager })).status).toBe(204);
    expect((await api.request('DELETE', `/oncall/overrides/${made.json.id}`, { token: tokens.manager })).json).toMatchObject({ status: 404, code: 'override-not-found' });
  });
});

describe('acknowledging a page', () => {
  it('pages on a level I case; the link shows a confirmation page, and only its form acknowledges', async () => {
    const opened = await api.request('POST', '/cases', { token: tokens.own, body: caseInput({ impact: 'service-down', title: 'Portal <down>' }) });
    const n = opened.json.caseNumber as string;
    const [sms] = await smsFor(n);
    const link = new URL(/Ack: (\S+)$/.exec(sms!.text)![1]!);
    expect(link.pathname).toBe(`/pages/${n}-1/acknowledge`);

    const shown = await api.request('GET', `${link.pathname}${link.search}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.text).toContain(`<form method="post" action="/pages/${n}-1/acknowledge">`);
    expect(shown.text).not.toContain('<down>');
    // Opening the link (as a mail scanner would) acknowledged nothing.
    expect((await api.request('GET', `/cases/${n}/pages`, { token: tokens.agent })).json.items).toEqual([expect.objectContaining({ pageId: `${n}-1`, state: 'paging', stepsSent: 1 })]);

    const forged = await api.request('GET', `${link.pathname}?token=${encodeURIComponent(`${link.searchParams.get('token')!.slice(0, -2)}xx`)}`);
    expect([forged.status, forged.json.code]).toEqual([403, 'ack-link-invalid']);

    const form = `token=${encodeURIComponent(link.searchParams.get('token')!)}`;
    const done = await api.request('POST', link.pathname, { rawBody: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.status).toBe(200);
    expect(done.text).toContain('The page is acknowledged');
    const pages = (await api.request('GET', `/cases/${n}/pages`, { token: tokens.agent })).json.items;
    expect(pages).toEqual([expect.objectContaining({ state: 'acknowledged', acknowledgedVia: 'link', acknowledgedBy: expect.any(String) })]);
    const timeline = (await api.request('GET', `/cases/${n}/timeline`, { token: tokens.agent })).json.items;
    expect(timeline.find((e: { kind: string }) => e.kind === 'page-acknowledged')).toMatchObject({ visibility: 'internal' });
    expect((await api.request('GET', `/cases/${n}/timeline`, { token: tokens.own })).json.items.map((e: { kind: string }) => e.kind)).not.toContain('page-acknowledged');

    const reused = await api.request('POST', link.pathname, { rawBody: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([reused.status, reused.json.code]).toEqual([409, 'page-already-acknowledged']);
    const staff = await api.request('POST', `/pages/${n}-1/ack`, { token: tokens.agent });
    expect([staff.status, staff.json.code]).toEqual([409, 'page-already-acknowledged']);
  });

  it('lets signed-in staff acknowledge, once per Idempotency-Key, and not customers', async () => {
    const opened = await api.request('POST', '/cases', { token: tokens.own, body: caseInput({ impact: 'module-down' }) });
    const n = opened.json.caseNumber as string;
    await smsFor(n);
    expect((await api.request('POST', `/pages/${n}-1/ack`, { token: tokens.own })).status).toBe(403);
    const acked = await api.request('POST', `/pages/${n}-1/ack`, { token: tokens.agent, headers: { 'idempotency-key': 'ack-1' } });
    expect(acked.json).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Sam Support', acknowledgedVia: 'portal' });
    const replay = await api.request('POST', `/pages/${n}-1/ack`, { token: tokens.agent, headers: { 'idempotency-key': 'ack-1' } });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.json.state]).toEqual([200, 'true', 'acknowledged']);
    expect((await api.request('POST', '/pages/nonsense/ack', { token: tokens.agent })).json).toMatchObject({ status: 400, errors: [{ field: 'pageId' }] });

    const today = new Date().toISOString().slice(0, 10);
    const report = await api.request('GET', `/reports/paging?from=${today}&to=${today}`, { token: tokens.manager });
    expect(report.json.total).toMatchObject({ pages: 2, acknowledged: 2, pagesSent: 2, repeats: 0, escalations: 0 });
    expect(report.json.byLevel.II.timeToAcknowledge.medianSeconds).toBeGreaterThanOrEqual(0);
  });
});
