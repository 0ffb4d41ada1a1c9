import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { extensionSecretKey, fileKey } from '../../shared/adapters/crypto/signing-keys.js';
import { HmacPageCursors } from '../../shared/adapters/crypto/hmac-page-cursors.js';
import { ValidationError } from '../../shared/domain/errors.js';

/**
 * The AWS Parameters and Secrets Lambda Extension, as the function sees it: an HTTP endpoint on localhost that
 * answers GET /secretsmanager/get?secretId=… with GetSecretValue's response when the request carries the
 * function's session token. This stands in for it and records what it was asked.
 */
async function extension(answers: { status: number; body: unknown }[]) {
  const asked: { url: string; token: string | undefined }[] = [];
  const server = createServer((request, response) => {
    asked.push({ url: request.url ?? '', token: request.headers['x-aws-parameters-secrets-token'] as string | undefined });
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const env = { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((server.address() as AddressInfo).port), AWS_SESSION_TOKEN: 'session-token' };
  return { asked, env, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the page-cursor key', () => {
  it('is read through the Parameters and Secrets extension, for exactly the configured secret, with the session token', async () => {
    const ext = await extension([{ status: 200, body: { ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:cursor', SecretString: 'k'.repeat(64) } }]);
    const key = await extensionSecretKey('arn:aws:secretsmanager:eu-west-2:1:secret:cursor', ext.env)();
    expect(key.toString()).toBe('k'.repeat(64));
    expect(ext.asked).toEqual([{ url: '/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Aeu-west-2%3A1%3Asecret%3Acursor', token: 'session-token' }]);
    await ext.close();
  });

  it('is a 503 when the extension refuses or does not answer, and is fetched again next time', async () => {
    const ext = await extension([{ status: 400, body: { message: 'not ready' } }, { status: 200, body: { SecretString: 'k'.repeat(64) } }]);
    const cursors = new HmacPageCursors(extensionSecretKey('arn:x', ext.env), { now: () => 0 });
    await expect(cursors.seal({ p: 1 }, 'b')).rejects.toMatchObject({ code: 'store-unavailable' });
    await expect(cursors.seal({ p: 1 }, 'b')).resolves.toEqual(expect.any(String));
    await ext.close();
    await expect(extensionSecretKey('arn:x', ext.env)()).rejects.toMatchObject({ code: 'store-unavailable' });
  });

  it('refuses a secret too short to be a key', async () => {
    const ext = await extension([{ status: 200, body: { SecretString: 'short' } }]);
    await expect(extensionSecretKey('arn:x', ext.env)()).rejects.toThrow(/shorter than 32/);
    await ext.close();
  });

  it('is made once locally, whole, even when several processes start together', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cursor-key-')), 'nested', 'cursor-key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => fileKey(path)()));
    expect(keys[0]!.length).toBe(32);
    expect(new Set(keys.map((key) => key.toString('hex')))).toEqual(new Set([readFileSync(path, 'utf8')]));
    writeFileSync(path, 'abcd');
    await expect(fileKey(path)()).rejects.toThrow(/32-byte/);
  });
});

describe('sealed cursors', () => {
  const clock = { now: () => 1_000_000 };
  const cursors = new HmacPageCursors(async () => Buffer.alloc(32, 7), clock);

  it('open only with the binding they were sealed for, unaltered', async () => {
    const cursor = await cursors.seal({ partition: 'MONTH#2026-11' }, 'cases|alice|*');
    expect(await cursors.open(cursor, 'cases|alice|*')).toEqual({ partition: 'MONTH#2026-11' });
    await expect(cursors.open(cursor, 'cases|bob|*')).rejects.toBeInstanceOf(ValidationError);
    const [payload, mac] = cursor.split('.');
    const altered = Buffer.from(JSON.stringify({ p: { partition: 'MONTH#9999-99' }, t: 1_000_000 })).toString('base64url');
    await expect(cursors.open(`${altered}.${mac}`, 'cases|alice|*')).rejects.toBeInstanceOf(ValidationError);
    await expect(cursors.open(`${payload}`, 'cases|alice|*')).rejects.toBeInstanceOf(ValidationError);
  });
});
