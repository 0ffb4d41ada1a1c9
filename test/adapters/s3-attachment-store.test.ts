import { GetObjectTaggingCommand, HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3AttachmentStore } from '../../shared/adapters/s3/s3-attachment-store.js';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachment.js';

const s3 = mockClient(S3Client);
const NOW = Date.parse('2026-11-30T10:00:00Z');
const KEY = 'cases/00000042/3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f';
const client = () => new S3Client({ region: 'eu-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' } });
const store = (requireScan = false) => new S3AttachmentStore(client(), { bucket: 'case-files', requireScan }, { now: () => NOW });

beforeEach(() => {
  s3.reset();
});

describe('S3AttachmentStore', () => {
  it('signs a POST whose policy fixes the bucket, the key, the type and a content-length range, for the given time', async () => {
    const before = Date.now();
    const grant = await store().grantUpload({ key: KEY, contentType: 'image/png', maxBytes: MAX_ATTACHMENT_BYTES, expiresInSeconds: 300 });
    expect(grant.url).toBe('https://case-files.s3.eu-west-2.amazonaws.com/');
    expect(grant.expiresAt).toBe('2026-11-30T10:05:00Z');
    expect(grant.fields).toMatchObject({ bucket: 'case-files', key: KEY, 'Content-Type': 'image/png', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    const policy = JSON.parse(Buffer.from(grant.fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([{ bucket: 'case-files' }, { key: KEY }, ['content-length-range', 1, MAX_ATTACHMENT_BYTES], ['eq', '$Content-Type', 'image/png']]),
    );
    const expires = Date.parse(policy.expiration);
    expect(expires).toBeGreaterThanOrEqual(before + 300_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(s3.calls()).toHaveLength(0);
  });

  it('signs a GET that expires and answers as an attachment of the stored type', async () => {
    const grant = await store().grantDownload({ key: KEY, fileName: 'log "1".txt', contentType: 'text/plain', expiresInSeconds: 300 });
    const url = new URL(grant.url);
    expect(`${url.origin}${url.pathname}`).toBe(`https://case-files.s3.eu-west-2.amazonaws.com/${KEY}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261130T100000Z');
    expect(url.searchParams.get('response-content-type')).toBe('text/plain');
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename="log _1_.txt"; filename*=UTF-8''log%20%221%22.txt`);
    expect(grant.expiresAt).toBe('2026-11-30T10:05:00Z');
  });

  it('says a file is missing when HeadObject finds none, and clean when it exists and no scan is required', async () => {
    s3.on(HeadObjectCommand).rejectsOnce(new NotFound({ message: 'not found', $metadata: { httpStatusCode: 404 } })).resolves({});
    expect(await store().fileState(KEY)).toBe('missing');
    expect(await store().fileState(KEY)).toBe('clean');
    expect(s3.commandCalls(HeadObjectCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: 'case-files', Key: KEY }, { Bucket: 'case-files', Key: KEY }]);
    expect(s3.commandCalls(GetObjectTaggingCommand)).toHaveLength(0);
  });

  it('with malware scanning, hands a file out only when GuardDuty has tagged it clean', async () => {
    s3.on(HeadObjectCommand).resolves({});
    s3.on(GetObjectTaggingCommand)
      .resolvesOnce({ TagSet: [] })
      .resolvesOnce({ TagSet: [{ Key: 'GuardDutyMalwareScanStatus', Value: 'THREATS_FOUND' }] })
      .resolvesOnce({ TagSet: [{ Key: 'GuardDutyMalwareScanStatus', Value: 'NO_THREATS_FOUND' }] });
    expect(await store(true).fileState(KEY)).toBe('unscanned');
    expect(await store(true).fileState(KEY)).toBe('threat');
    expect(await store(true).fileState(KEY)).toBe('clean');
    expect(s3.commandCalls(GetObjectTaggingCommand).map((call) => call.args[0].input)).toEqual(Array(3).fill({ Bucket: 'case-files', Key: KEY }));
  });

  it('turns an S3 failure into store-unavailable, saying nothing of the file', async () => {
    s3.on(HeadObjectCommand).rejects(new Error('socket hang up'));
    await expect(store().fileState(KEY)).rejects.toMatchObject({ code: 'store-unavailable' });
  });
});
