import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE } from '../../shared/domain/attachment.js';
import { type ApiAnswer, type ApiHarness, roleTokens, startApi } from '../support/api-harness.js';
import { caseInput } from '../support/builders.js';

/**
 * Attachments end to end over HTTP with the local attachment store: the API
 * signs, the local runtime takes the upload and serves the download exactly as
 * S3 would (a form post against a signed policy, a signed link), with the same limits.
 */
let now = Date.parse('2026-11-30T10:00:00Z');
const clock = { now: () => now };

let api: ApiHarness;
const tokens = { own: '', other: '', agent: '', manager: '' };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const call = (who: keyof typeof tokens, method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
  api.request(method, path, { token: tokens[who], ...(body === undefined ? {} : { body }) });

async function openCase(): Promise<string> {
  const answer = await call('own', 'POST', '/cases', caseInput({ impact: 'degraded' }));
  expect(answer.status).toBe(201);
  return answer.json.caseNumber;
}

/** Posts the file to a signed upload as a browser form would. */
async function upload(grant: { url: string; fields: Record<string, string> }, file: Buffer, type = 'image/png', fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...grant.fields, ...fields })) form.append(name, value);
  form.append('file', new Blob([file], { type }), 'upload');
  return fetch(`${api.url}${grant.url}`, { method: 'POST', body: form });
}

const screenshot = { fileName: 'login error.png', contentType: 'image/png', size: PNG.length, visibility: 'public' };

beforeAll(async () => {
  api = await startApi({ clock });
  Object.assign(tokens, await roleTokens(api));
});

afterAll(async () => {
  await api.close();
});

describe('attachments', () => {
  it('a customer attaches a screenshot: a signed upload scoped to the case, then a signed download of the same bytes', async () => {
    const n = await openCase();
    const added = await call('own', 'POST', `/cases/${n}/attachments`, screenshot);
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ fileName: 'login error.png', contentType: 'image/png', size: PNG.length, visibility: 'public', addedBy: { role: 'customer', name: 'Ada Admin' } });
    expect(added.json.upload).toMatchObject({ url: '/local/attachments', expiresAt: '2026-11-30T10:05:00Z', fields: { key: `cases/${n}/${added.json.id}`, 'Content-Type': 'image/png' } });
    expect(added.headers.get('location')).toBe(`/cases/${n}/attachments/${added.json.id}`);

    expect((await upload(added.json.upload, PNG)).status).toBe(204);
    expect(existsSync(join(api.dataDir, 'attachments', 'cases', n, added.json.id))).toBe(true);

    const listed = await call('own', 'GET', `/cases/${n}/attachments`);
    expect(listed.json.items.map((a: { id: string }) => a.id)).toEqual([added.json.id]);
    const timeline = await call('own', 'GET', `/cases/${n}/timeline`);
    expect(timeline.json.items.find((e: { kind: string }) => e.kind === 'attachment-added')).toMatchObject({ visibility: 'public', details: { fileName: 'login error.png' } });

    for (const who of ['own', 'agent'] as const) {
      const link = await call(who, 'GET', `/cases/${n}/attachments/${added.json.id}`);
      expect(link.status).toBe(200);
      expect(link.json.download.expiresAt).toBe('2026-11-30T10:05:00Z');
      const file = await fetch(`${api.url}${link.json.download.url}`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="login error.png"; filename*=UTF-8''login%20error.png`);
    }
  });

  it('takes only the listed types and at most 25 MB, declared and uploaded', async () => {
    const n = await openCase();
    const html = await call('own', 'POST', `/cases/${n}/attachments`, { ...screenshot, fileName: 'page.html', contentType: 'text/html' });
    expect(html.status).toBe(400);
    expect(html.json.errors.map((e: { field: string }) => e.field)).toEqual(['contentType']);
    const huge = await call('own', 'POST', `/cases/${n}/attachments`, { ...screenshot, size: MAX_ATTACHMENT_BYTES + 1 });
    expect(huge.json.errors).toEqual([{ field: 'size', message: 'at most 26214400 bytes (25 MB)' }]);
    expect((await call('own', 'POST', `/cases/${n}/attachments`, { ...screenshot, fileName: '../../etc/passwd' })).json.errors.map((e: { field: string }) => e.field)).toEqual(['fileName']);

    // The signed upload itself holds to the limits, whatever was declared.
    const grant = (await call('own', 'POST', `/cases/${n}/attachments`, screenshot)).json.upload;
    expect((await upload(grant, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1))).status).toBe(413);
    expect((await upload(grant, PNG, 'text/html', { 'Content-Type': 'text/html' })).status).toBe(403);
    expect((await upload(grant, PNG, 'image/png', { key: `cases/${n}/00000000-0000-4000-8000-000000000000` })).status).toBe(403);
    expect((await upload(grant, PNG, 'image/png', { signature: 'forged' })).status).toBe(403);
    expect((await upload(grant, PNG)).status).toBe(204);
  });

  it("another institution's customer gets 404 on every attachment route, exactly as for a missing case", async () => {
    const n = await openCase();
    const added = await call('own', 'POST', `/cases/${n}/attachments`, screenshot);
    await upload(added.json.upload, PNG);
    for (const answer of [
      await call('other', 'POST', `/cases/${n}/attachments`, screenshot),
      await call('other', 'GET', `/cases/${n}/attachments`),
      await call('other', 'GET', `/cases/${n}/attachments/${added.json.id}`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.json.code).toBe('case-not-found');
    }
    expect((await call('own', 'GET', `/cases/${n}/attachments`)).json.items).toHaveLength(1);
  });

  it('an internal attachment is hidden from customers, who cannot add one', async () => {
    const n = await openCase();
    const internal = await call('agent', 'POST', `/cases/${n}/attachments`, { fileName: 'server.log', contentType: 'text/plain', size: 5, visibility: 'internal' });
    expect(internal.status).toBe(201);
    await upload(internal.json.upload, Buffer.from('trace'), 'text/plain');
    expect((await call('own', 'GET', `/cases/${n}/attachments`)).json.items).toEqual([]);
    const direct = await call('own', 'GET', `/cases/${n}/attachments/${internal.json.id}`);
    expect(direct.status).toBe(404);
    expect(direct.json.code).toBe('attachment-not-found');
    expect((await call('own', 'GET', `/cases/${n}/timeline`)).text).not.toContain('server.log');
    for (const staff of ['agent', 'manager'] as const) {
      expect((await call(staff, 'GET', `/cases/${n}/attachments`)).json.items.map((a: { id: string }) => a.id)).toEqual([internal.json.id]);
      expect((await call(staff, 'GET', `/cases/${n}/attachments/${internal.json.id}`)).status).toBe(200);
    }
    expect((await call('manager', 'POST', `/cases/${n}/attachments`, { ...screenshot, visibility: 'internal' })).status).toBe(201);
    expect((await call('own', 'POST', `/cases/${n}/attachments`, { ...screenshot, visibility: 'internal' })).status).toBe(403);
  });

  it('signed links expire after five minutes, for uploads and downloads alike', async () => {
    now = Date.parse('2026-11-30T10:00:00Z');
    const n = await openCase();
    const late = await call('own', 'POST', `/cases/${n}/attachments`, screenshot);
    const onTime = await call('own', 'POST', `/cases/${n}/attachments`, screenshot);
    expect((await upload(onTime.json.upload, PNG)).status).toBe(204);
    const link = (await call('own', 'GET', `/cases/${n}/attachments/${onTime.json.id}`)).json.download;
    now = Date.parse('2026-11-30T10:05:00Z');
    expect((await fetch(`${api.url}${link.url}`)).status).toBe(200);
    now = Date.parse('2026-11-30T10:05:01Z');
    expect((await upload(late.json.upload, PNG)).status).toBe(403);
    expect((await fetch(`${api.url}${link.url}`)).status).toBe(403);
    // Never uploaded: nothing to download.
    const missing = await call('own', 'GET', `/cases/${n}/attachments/${late.json.id}`);
    expect(missing.status).toBe(409);
    expect(missing.json).toMatchObject({ code: 'attachment-not-available', state: 'missing' });
    now = Date.parse('2026-11-30T10:00:00Z');
  });

  it(`holds at most ${MAX_ATTACHMENTS_PER_CASE} attachments per case`, async () => {
    const n = await openCase();
    for (let i = 0; i < MAX_ATTACHMENTS_PER_CASE; i++) expect((await call('agent', 'POST', `/cases/${n}/attachments`, screenshot)).status).toBe(201);
    const refused = await call('own', 'POST', `/cases/${n}/attachments`, screenshot);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'attachment-limit-reached', limit: MAX_ATTACHMENTS_PER_CASE });
  });
});
