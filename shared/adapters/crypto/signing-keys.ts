import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DomainError } from '../../domain/errors.js';

/** What the Parameters and Secrets extension answers: GetSecretValue's response, of which only this is read. */
interface SecretValue {
  readonly SecretString?: unknown;
}

/**
 * A signing key in AWS (page cursors, acknowledgement links): a generated Secrets Manager secret only the functions
 * using it may read, asked of the AWS Parameters and Secrets Lambda Extension (a layer on exactly those functions: a
 * localhost endpoint that calls GetSecretValue with the function's role and caches the answer). AWS recommends it
 * for secrets in Lambda; here it also keeps a second SDK client out of the request functions' bundles. Not
 * answering now is a 503.
 */
export function extensionSecretKey(secretArn: string, env: Readonly<Record<string, string | undefined>> = process.env): () => Promise<Buffer> {
  return async () => {
    const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
    let value: SecretValue;
    try {
      const response = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`, {
        headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok) throw Object.assign(new Error(`the extension answered ${response.status}`), { name: `Http${response.status}` });
      value = (await response.json()) as SecretValue;
    } catch (error) {
      throw new DomainError('store-unavailable', 'a signing key could not be read right now; retry later', { cause: (error as Error).name });
    }
    if (typeof value.SecretString !== 'string' || value.SecretString.length < 32) throw new Error('the signing key secret is missing or shorter than 32 characters');
    return Buffer.from(value.SecretString, 'utf8');
  };
}

const KEY_BYTES = 32;

async function readKey(path: string): Promise<Buffer> {
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte hex key; delete it to make a new one`);
  return key;
}

/**
 * A signing key locally (page cursors, attachment links): 32 random bytes in a file of DATA_DIR (git-ignored), made on first use. The file is
 * written whole under another name and linked into place, so a process starting at the same time never reads half
 * of it; whoever links first wins and the others use that key.
 */
export function fileKey(path: string): () => Promise<Buffer> {
  return async () => {
    try {
      return await readKey(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(dirname(path), { recursive: true });
    const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(draft, randomBytes(KEY_BYTES).toString('hex'), { mode: 0o600 });
    try {
      await link(draft, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(draft);
    }
    return readKey(path);
  };
}

/** A key loaded once, on first use; a failed load is tried again on the next use. */
export function onceLoaded(load: () => Promise<Buffer>): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () =>
    (key ??= load().catch((error: unknown) => {
      key = undefined;
      throw error;
    }));
}
