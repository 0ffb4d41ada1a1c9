import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HmacPageCursors } from '../adapters/crypto/hmac-page-cursors.js';
import { fileKey, secretsManagerKey } from '../adapters/crypto/signing-keys.js';
import { type AppConfig, required } from '../config/app-config.js';
import type { Clock } from '../ports/clock.js';
import type { PageCursors } from '../ports/page-cursors.js';
import { AWS_CALL_LIMITS } from './settings.js';

/** Page cursors sealed with the cursor key: a file locally, a Secrets Manager secret in AWS (read once, on the first cursor). */
export function pageCursors(config: AppConfig, clock: Clock): PageCursors {
  const key = config.CURSOR_KEY_FILE
    ? fileKey(config.CURSOR_KEY_FILE)
    : async () => secretsManagerKey(new SecretsManagerClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, 'CURSOR_KEY_SECRET_ARN'))();
  return new HmacPageCursors(key, clock);
}
