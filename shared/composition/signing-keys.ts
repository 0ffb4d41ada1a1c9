import { extensionSecretKey, fileKey } from '../adapters/crypto/signing-keys.js';
import { type AppConfig, required } from '../config/app-config.js';

/**
 * A signing key: a file locally (made on first use), a Secrets Manager secret in AWS, read through the Parameters
 * and Secrets extension on first use. The page-cursor key and the acknowledgement-link key are separate keys.
 */
export function signingKey<File extends 'CURSOR_KEY_FILE' | 'PAGE_ACK_KEY_FILE', Secret extends 'CURSOR_KEY_SECRET_ARN' | 'PAGE_ACK_KEY_SECRET_ARN'>(
  config: Pick<AppConfig, File | Secret>,
  file: File,
  secret: Secret,
): () => Promise<Buffer> {
  const path = config[file];
  return path ? fileKey(path) : async () => extensionSecretKey(required(config, secret))();
}
