import { HmacAckTokens } from '../adapters/crypto/hmac-ack-tokens.js';
import type { ACK_KEY_SETTINGS, Settings } from '../config/app-config.js';
import type { AckTokens } from '../ports/ack-tokens.js';
import type { Clock } from '../ports/clock.js';
import { signingKey } from './signing-keys.js';

/** Acknowledgement-link tokens, signed with the link key: a file locally, a Secrets Manager secret in AWS (read on the first token). */
export const ackTokensOf = (config: Settings<typeof ACK_KEY_SETTINGS>, clock: Clock): AckTokens => new HmacAckTokens(signingKey(config, 'PAGE_ACK_KEY_FILE', 'PAGE_ACK_KEY_SECRET_ARN'), clock);
