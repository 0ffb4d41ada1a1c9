import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fileKey, secretsManagerKey } from '../adapters/crypto/signing-keys.js';
import { type AppConfig, required } from '../config/app-config.js';
import { AWS_CALL_LIMITS } from './settings.js';

/**
 * A signing key: a file locally (made on first use), a Secrets Manager secret in AWS (its client made and the
 * secret read on first use; the HMAC adapters keep what they read). The page-cursor key and the
 * acknowledgement-link key are separate keys.
 */
export function signingKey(config: AppConfig, file: 'CURSOR_KEY_FILE' | 'PAGE_ACK_KEY_FILE', secret: 'CURSOR_KEY_SECRET_ARN' | 'PAGE_ACK_KEY_SECRET_ARN'): () => Promise<Buffer> {
  const path = config[file];
  if (path) return fileKey(path);
  return async () => secretsManagerKey(new SecretsManagerClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, secret))();
}
