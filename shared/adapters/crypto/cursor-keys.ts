import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The cursor key in AWS: a generated Secrets Manager secret only the listing function may read. */
export function secretsManagerKey(client: SecretsManagerClient, secretArn: string): () => Promise<Buffer> {
  return async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString || SecretString.length < 32) throw new Error('the cursor key secret is missing or shorter than 32 characters');
    return Buffer.from(SecretString, 'utf8');
  };
}

/** The cursor key locally: 32 random bytes in a file of DATA_DIR (git-ignored), made on first use. */
export function fileKey(path: string): () => Promise<Buffer> {
  return async () => {
    try {
      return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  };
}
