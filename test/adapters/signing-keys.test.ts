import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { fileKey, secretsManagerKey } from '../../shared/adapters/crypto/signing-keys.js';
import { HmacPageCursors } from '../../shared/adapters/crypto/hmac-page-cursors.js';
import { ValidationError } from '../../shared/domain/errors.js';

describe('the page-cursor key', () => {
  it('is read from Secrets Manager with exactly the configured secret', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
    const key = await secretsManagerKey(new SecretsManagerClient({ region: 'eu-west-2' }), 'arn:aws:secretsmanager:eu-west-2:1:secret:cursor')();
    expect(key.toString()).toBe('k'.repeat(64));
    expect(sm.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: 'arn:aws:secretsmanager:eu-west-2:1:secret:cursor' }]);
    sm.restore();
  });

  it('is a 503 when Secrets Manager does not answer, and is fetched again next time', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand).rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })).resolves({ SecretString: 'k'.repeat(64) });
    const cursors = new HmacPageCursors(secretsManagerKey(new SecretsManagerClient({ region: 'eu-west-2' }), 'arn:x'), { now: () => 0 });
    await expect(cursors.seal({ p: 1 }, 'b')).rejects.toMatchObject({ code: 'store-unavailable' });
    await expect(cursors.seal({ p: 1 }, 'b')).resolves.toEqual(expect.any(String));
    sm.restore();
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
