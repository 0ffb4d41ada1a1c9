import { HmacPageCursors } from '../adapters/crypto/hmac-page-cursors.js';
import type { CURSOR_SETTINGS, Settings } from '../config/app-config.js';
import type { Clock } from '../ports/clock.js';
import type { PageCursors } from '../ports/page-cursors.js';
import { signingKey } from './signing-keys.js';

/** Page cursors sealed with the cursor key (read once, on the first cursor). */
export function pageCursors(config: Settings<typeof CURSOR_SETTINGS>, clock: Clock): PageCursors {
  return new HmacPageCursors(signingKey(config, 'CURSOR_KEY_FILE', 'CURSOR_KEY_SECRET_ARN'), clock);
}
