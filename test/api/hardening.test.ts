import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../local/dev-auth.js';
import { type ApiAnswer, type ApiHarness, startApi } from '../support/api-harness.js';
import { caseInput } from '../support/builders.js';

/**
 * The attack run of the hardening review, repeated on every `npm test`: forged
 * and borrowed cursors, retries without duplicates, floods, hostile text,
 * forged fields in alerts, If-Match games, secrets kept too long. Each block
 * failed against the service before its fix.
 */
let now = Date.parse('2026-11-30T10:00:00Z');
const clock = { now: () => now };
const advance = (ms: number) => {
  now += ms;
};

let api: ApiHarness;
const tokens = { own: '', other: '', agent: '', agent2: '', manager: '' };
type Who = keyof typeof tokens;

const call = (who: Who, method: string, path: string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiAnswer> =>
  api.request(method, path, { token: tokens[who], ...options, ...(options.rawBody !== undefined ? { headers: { 'content-type': 'application/json', ...options.headers } } : {}) });

async function openCase(overrides: Parameters<typeof caseInput>[0] = {}): Promise<string> {
  const answer = await call('agent', 'POST', '/cases', { body: { ...caseInput(overrides), institution: 'uni-a' } });
  expect(answer.status).toBe(201);
  return answer.json.caseNumber;
}

const timeline = async (who: Who, n: string) => (await call(who, 'GET', `/cases/${n}/timeline?limit=100`)).json.items as { kind: string; details: Record<string, unknown> }[];
const alertsOf = (n: string) =>
  readFileSync(join(api.dataDir, 'alerts.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown> & { caseNumber: string; topic: string; email: string })
    .filter((alert) => alert.caseNumber === n);

beforeAll(async () => {
  api = await startApi({ clock });
  tokens.own = await api.token({ role: 'customer', institution: 'uni-a', name: 'Ada Admin' });
  tokens.other = await api.token({ role: 'customer', institution: 'uni-b', name: 'Bob Other' });
  tokens.agent = await api.token({ role: 'agent', name: 'Sam Support' });
  tokens.agent2 = await api.token({ role: 'agent', name: 'Kim Support' });
  tokens.manager = await api.token({ role: 'manager', name: 'Max Manager' });
});

afterAll(async () => {
  await api.close();
});

describe('1-2: list and timeline cursors are sealed and bound to the caller and the query', () => {
  let firstPage: ApiAnswer;
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) await openCase({ title: `listed ${i}` });
    firstPage = await call('agent', 'GET', '/cases?limit=1');
    expect(firstPage.json.nextCursor).toEqual(expect.any(String));
  });

  const forged = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');

  it('follows its own cursor', async () => {
    const next = await call('agent', 'GET', `/cases?limit=1&cursor=${firstPage.json.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.json.items[0].caseNumber).not.toBe(firstPage.json.items[0].caseNumber);
  });

  it.each([
    ['a month at the end of time', forged({ p: 'MONTH#9999-99' })],
    ['a month at the end of time, new format', `${forged({ p: { partition: 'MONTH#9999-99' }, t: now })}.AAAA`],
    ['empty key values, as the old cursors had them', forged({ p: 'INST#uni-a', k: { pk: '', sk: '', gsi1pk: 'INST#uni-a', gsi1sk: '' } })],
    ['empty key values', `${forged({ p: { partition: 'INST#uni-a', key: { pk: '', sk: '', gsi1pk: 'INST#uni-a', gsi1sk: '' } }, t: now })}.AAAA`],
    ['garbage', 'not-a-cursor'],
  ])('refuses a forged cursor (%s) with 400 naming the cursor, before reading anything', async (_name, cursor) => {
    for (const who of ['agent', 'own'] as const) {
      const answer = await call(who, 'GET', `/cases?limit=1&cursor=${encodeURIComponent(cursor)}`);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it("refuses another caller's cursor, and a cursor used with other filters", async () => {
    expect((await call('agent2', 'GET', `/cases?limit=1&cursor=${firstPage.json.nextCursor}`)).status).toBe(400);
    expect((await call('agent', 'GET', `/cases?limit=1&level=I&cursor=${firstPage.json.nextCursor}`)).status).toBe(400);
    expect((await call('agent', 'GET', `/cases?limit=1&institution=uni-b&cursor=${firstPage.json.nextCursor}`)).status).toBe(400);
  });

  it('refuses a cursor a day old: start again from the first page', async () => {
    const page = await call('agent', 'GET', '/cases?limit=1');
    advance(25 * 3600_000);
    const stale = await call('agent', 'GET', `/cases?limit=1&cursor=${page.json.nextCursor}`);
    expect(stale.status).toBe(400);
    expect(stale.json.errors[0].message).toMatch(/expired/);
  });

  it("binds timeline cursors to their case and caller; a forged one is a 400, never a 500", async () => {
    const n = await openCase();
    for (let i = 0; i < 3; i++) await call('agent', 'POST', `/cases/${n}/comments`, { body: { body: `note ${i}`, visibility: 'internal' } });
    const page = await call('agent', 'GET', `/cases/${n}/timeline?limit=1`);
    expect(page.json.nextCursor).toEqual(expect.any(String));
    expect((await call('agent', 'GET', `/cases/${n}/timeline?limit=1&cursor=${page.json.nextCursor}`)).status).toBe(200);
    const m = await openCase();
    expect((await call('agent', 'GET', `/cases/${m}/timeline?limit=1&cursor=${page.json.nextCursor}`)).status).toBe(400);
    expect((await call('manager', 'GET', `/cases/${n}/timeline?limit=1&cursor=${page.json.nextCursor}`)).status).toBe(400);
    const old = Buffer.from('EVENT#').toString('base64url');
    expect((await call('agent', 'GET', `/cases/${n}/timeline?limit=1&cursor=${old}`)).status).toBe(400);
  });
});

describe('4: comments and escalation requests can be retried safely', () => {
  it('records a retried comment once and answers the retry the same', async () => {
    const n = await openCase();
    const send = (body: string) => call('own', 'POST', `/cases/${n}/comments`, { body: { body, visibility: 'public' }, headers: { 'idempotency-key': 'comment-1' } });
    const first = await send('Any news?');
    const again = await send('Any news?');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect((await send('Something else')).status).toBe(422);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'comment')).toHaveLength(1);
  });

  it('gives one comment when five retries race', async () => {
    const n = await openCase();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call('agent', 'POST', `/cases/${n}/comments`, { body: { body: 'We are on it.', visibility: 'public' }, headers: { 'idempotency-key': 'race-1' } })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'comment')).toHaveLength(1);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'first-response')).toHaveLength(1);
  });

  it('gives one escalation request when five retries race', async () => {
    const n = await openCase();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call('own', 'POST', `/cases/${n}/escalations`, { body: { reason: 'Raced' }, headers: { 'idempotency-key': 'esc-race' } })),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'escalation-requested')).toHaveLength(1);
    expect(alertsOf(n).filter((a) => a.topic === 'management')).toHaveLength(1);
  });

  it('records a retried escalation request once', async () => {
    const n = await openCase();
    const send = () => call('own', 'POST', `/cases/${n}/escalations`, { body: { reason: 'No answer yet' }, headers: { 'idempotency-key': 'esc-1' } });
    expect((await send()).status).toBe(202);
    const again = await send();
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.managementAlerted).toBe(true);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'escalation-requested')).toHaveLength(1);
    expect(alertsOf(n).filter((a) => a.topic === 'management')).toHaveLength(1);
  });

  it('refuses a bad Idempotency-Key on a comment', async () => {
    const n = await openCase();
    const answer = await call('own', 'POST', `/cases/${n}/comments`, { body: { body: 'x', visibility: 'public' }, headers: { 'idempotency-key': 'spaces are not allowed' } });
    expect(answer.status).toBe(400);
    expect((await timeline('agent', n)).filter((e) => e.kind === 'comment')).toHaveLength(0);
  });
});

describe('5: management is alerted once per case per window, however often someone asks', () => {
  it('twenty requests: twenty recorded, one alert; after the window, one more', async () => {
    const n = await openCase();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call('own', 'POST', `/cases/${n}/escalations`, { body: { reason: `please ${i}` } })));
    expect(answers.map((a) => a.status).every((status) => status === 202)).toBe(true);
    expect(answers.filter((a) => a.json.status === 'management alerted')).toHaveLength(1);
    expect(answers.filter((a) => a.json.status === 'already escalated')).toHaveLength(19);
    expect((await timeline('own', n)).filter((e) => e.kind === 'escalation-requested')).toHaveLength(20);
    expect(alertsOf(n).filter((a) => a.topic === 'management')).toHaveLength(1);

    advance(4 * 3600_000);
    expect((await call('own', 'POST', `/cases/${n}/escalations`, { body: { reason: 'still nothing' } })).json.status).toBe('management alerted');
    expect(alertsOf(n).filter((a) => a.topic === 'management')).toHaveLength(2);
  });
});

describe('7: the intake idempotency record does not depend on the secrets', () => {
  it('a retry that differs only in its secrets is the same request', async () => {
    const body = { ...caseInput({ title: 'Secrets differ' }), institution: 'uni-a' };
    const first = await call('agent', 'POST', '/cases', { body: { ...body, appCredentials: 'guess-1' }, headers: { 'idempotency-key': 'intake-secret' } });
    const again = await call('agent', 'POST', '/cases', { body: { ...body, appCredentials: 'guess-2' }, headers: { 'idempotency-key': 'intake-secret' } });
    expect(first.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.caseNumber).toBe(first.json.caseNumber);
    expect((await call('agent', 'GET', `/cases/${first.json.caseNumber}/credentials`)).json.appCredentials).toBe('guess-1');
  });
});

describe('8: free text is well-formed, visible Unicode', () => {
  /** An intake body with one field written raw (JSON escapes kept as sent), the builder's value of it left out. */
  const withRaw = (key: string, raw: string) => {
    const { [key as 'title']: _left, ...rest } = caseInput();
    return `{${JSON.stringify(rest).slice(1, -1)},"${key}":${raw}}`;
  };

  it.each([
    ['a NUL title', 'title', '"\\u0000"', 'title'],
    ['an unpaired surrogate in the title', 'title', '"X\\ud800Y"', 'title'],
    ['a line break in the title', 'title', '"one\\ntwo"', 'title'],
    ['a bell in the description', 'description', '"ring \\u0007"', 'description'],
    ['an unpaired low surrogate in a contact name', 'contact', '{"name":"\\udc00","email":"a@uni-a.example"}', 'contact.name'],
    ['a NUL in the credentials', 'appCredentials', '"user\\u0000"', 'appCredentials'],
    ['a right-to-left override in the title', 'title', '"invoice \\u202Efdp.exe"', 'title'],
  ])('refuses %s with 400 naming the field, and records nothing', async (_name, key, raw, named) => {
    const before = (await call('agent', 'GET', '/cases?institution=uni-a&limit=1')).json.items[0]?.caseNumber;
    const answer = await call('own', 'POST', '/cases', { rawBody: withRaw(key, raw) });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { field: string }) => e.field)).toContain(named);
    expect((await call('agent', 'GET', '/cases?institution=uni-a&limit=1')).json.items[0]?.caseNumber).toBe(before);
  });

  it('keeps lines and tabs in multi-line text and stores NFC', async () => {
    const answer = await call('own', 'POST', '/cases', { body: caseInput({ title: 'Cafe\u0301 menu', description: 'Steps:\n\t1. open\r\n\t2. look' }) });
    expect(answer.status).toBe(201);
    expect(answer.json.title).toBe('Caf\u00e9 menu');
    expect(answer.json.description).toBe('Steps:\n\t1. open\r\n\t2. look');
    const comment = await call('own', 'POST', `/cases/${answer.json.caseNumber}/comments`, { rawBody: '{"body":"hi\\u0000","visibility":"public"}' });
    expect(comment.status).toBe(400);
    expect(comment.json.errors[0].field).toBe('body');
  });
});

describe('9: words from people stay data in alerts', () => {
  it('an escalation reason with line breaks cannot forge a field of the management mail', async () => {
    const n = await openCase();
    const reason = 'urgent\r\nInstitution: uni-b\nLevel: I\u2028Title: forged';
    expect((await call('own', 'POST', `/cases/${n}/escalations`, { body: { reason } })).status).toBe(202);
    const mail = alertsOf(n).find((a) => a.topic === 'management')!.email;
    const lines = mail.split('\n');
    expect(lines.filter((line) => line.startsWith('Institution:'))).toEqual([expect.stringMatching(/^Institution: .*\(uni-a\)$/)]);
    expect(lines.filter((line) => line.startsWith('Level:'))).toHaveLength(1);
    expect(lines).toEqual(expect.arrayContaining(['> urgent', '> Institution: uni-b', '> Level: I', '> Title: forged']));
  });
});

describe('10: secrets are purged after the case is closed', () => {
  it('purges 30 days after closing and records it; reopening in time keeps them', async () => {
    const purged = await openCase({ appCredentials: 'user / pass', connectLayer: { type: 'local', remoteAccess: 'vpn: secret' } });
    const kept = await openCase({ appCredentials: 'keep / me' });
    for (const n of [purged, kept]) {
      const etag = (await call('agent', 'GET', `/cases/${n}`)).headers.get('etag')!;
      expect((await call('agent', 'PATCH', `/cases/${n}`, { body: { status: 'closed' }, headers: { 'if-match': etag } })).status).toBe(200);
    }
    advance(10 * 86_400_000);
    const etag = (await call('agent', 'GET', `/cases/${kept}`)).headers.get('etag')!;
    expect((await call('agent', 'PATCH', `/cases/${kept}`, { body: { status: 'in-progress' }, headers: { 'if-match': etag } })).status).toBe(200);

    advance(19 * 86_400_000);
    await api.service.sweep();
    expect((await call('agent', 'GET', `/cases/${purged}/credentials`)).json.appCredentials).toBe('user / pass');

    advance(2 * 86_400_000);
    await api.service.sweep();
    expect((await call('agent', 'GET', `/cases/${purged}/credentials`)).json).toEqual({ caseNumber: purged, appCredentials: null, remoteAccess: null });
    const view = (await call('own', 'GET', `/cases/${purged}`)).json;
    expect(view).toMatchObject({ appCredentialsProvided: false, connectLayer: { remoteAccessProvided: false } });
    expect((await timeline('own', purged)).find((e) => e.kind === 'secrets-purged')?.details).toEqual({ purged: 'app-credentials,remote-access' });
    expect((await call('agent', 'GET', `/cases/${kept}/credentials`)).json.appCredentials).toBe('keep / me');
    expect((await timeline('agent', kept)).some((e) => e.kind === 'secrets-purged')).toBe(false);
  });
});

describe('10: the purge follows the date on the case', () => {
  const patchCase = async (n: string, body: unknown) => {
    const etag = (await call('agent', 'GET', `/cases/${n}`)).headers.get('etag')!;
    const answer = await call('agent', 'PATCH', `/cases/${n}`, { body, headers: { 'if-match': etag } });
    expect(answer.status).toBe(200);
    return answer.json;
  };

  it('closed, reopened and closed again: purged 30 days after the last closing, not the first', async () => {
    const n = await openCase({ appCredentials: 'user / pass' });
    await patchCase(n, { status: 'closed' });
    advance(20 * 86_400_000);
    await patchCase(n, { status: 'in-progress' });
    await patchCase(n, { status: 'closed' });
    advance(15 * 86_400_000); // 35 days after the first closing, 15 after the second
    await api.service.sweep();
    expect((await call('agent', 'GET', `/cases/${n}/credentials`)).json.appCredentials).toBe('user / pass');
    advance(16 * 86_400_000);
    await api.service.sweep();
    expect((await call('agent', 'GET', `/cases/${n}/credentials`)).json.appCredentials).toBeNull();
  });

  it('secrets given to a case after it was closed are purged too', async () => {
    const n = await openCase();
    await patchCase(n, { status: 'closed' });
    await patchCase(n, { appCredentials: 'late / secret' });
    advance(31 * 86_400_000);
    await api.service.sweep();
    expect((await call('agent', 'GET', `/cases/${n}/credentials`)).json.appCredentials).toBeNull();
    expect((await timeline('agent', n)).filter((e) => e.kind === 'secrets-purged')).toHaveLength(1);
  });
});

describe('16: If-Match as RFC 9110 says', () => {
  it.each([
    ['a tag that is not ours', '"abc"', 412],
    ['a weak tag (If-Match compares strongly)', 'W/"1"', 412],
    ['a list holding the current version', '"7", "1"', 200],
    ['a list without it', '"7", "8"', 412],
    ['a list with an empty element and a tag holding a comma', '"a,b", , "1"', 200],
    ['*', '*', 200],
    ['no entity tag at all', 'version-1', 400],
  ])('%s (If-Match: %s) answers %s', async (_name, header, status) => {
    const n = await openCase();
    expect((await call('agent', 'PATCH', `/cases/${n}`, { body: { assignee: 'Sam Support' }, headers: { 'if-match': header } })).status).toBe(status);
  });
});

describe('12, 15 and the local runtime', () => {
  it('says nosniff on JSON, problem and CSV answers', async () => {
    for (const answer of [
      await call('agent', 'GET', '/cases?limit=1'),
      await call('agent', 'GET', '/cases/99999999'),
      await call('manager', 'GET', '/reports/sla?from=2026-11-01&to=2026-11-30', { headers: { accept: 'text/csv' } }),
      await api.request('GET', '/health'),
    ]) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('says why a local token was refused: one made for another DATA_DIR', async () => {
    const elsewhere = await issueDevToken(mkdtempSync(join(tmpdir(), 'other-data-')), { role: 'agent' });
    const answer = await api.request('GET', '/cases', { token: elsewhere });
    expect(answer.status).toBe(401);
    expect(answer.json.detail).toMatch(/DATA_DIR/);
  });

  it('writes local alerts as sent, without the outbox bookkeeping, and keeps the log level its own', async () => {
    const n = await openCase({ impact: 'service-down' });
    const [alert] = alertsOf(n);
    expect(alert).toMatchObject({ status: 'sent', topic: 'oncall' });
    expect(alert).not.toHaveProperty('attempts');
    expect(alert).not.toHaveProperty('leaseUntil');
    const sent = api.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'alert sent' && line.caseNumber === n);
    expect(sent[0]).toMatchObject({ level: 'info', responseLevel: 'I' });
  });
});
