import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AckGrant, AckTokens } from '../../ports/ack-tokens.js';
import type { Clock } from '../../ports/clock.js';
import { onceLoaded } from './signing-keys.js';

const DELIVERY_ID = /^p\d{1,4}-s\d-(sms|email)-\d{1,2}$/;

/**
 * Acknowledgement tokens as `<delivery id>.<expiry, epoch seconds>.<mac>`: the MAC (HMAC-SHA256, 128 bits kept) is
 * over the page id, the delivery id and the expiry, with a key of its own (not the cursor key), so a token works
 * for its page only, until it expires, and cannot be made without the key. It is short enough for an SMS link.
 * That a token acknowledges at most once is the page's business: an acknowledged page is never acknowledged again.
 */
export class HmacAckTokens implements AckTokens {
  private readonly key: () => Promise<Buffer>;

  constructor(
    loadKey: () => Promise<Buffer>,
    private readonly clock: Clock,
  ) {
    this.key = onceLoaded(loadKey);
  }

  async issue(grant: AckGrant): Promise<string> {
    const expires = Math.ceil(grant.expiresAt / 1000);
    return `${grant.deliveryId}.${expires}.${await this.mac(grant.pageId, grant.deliveryId, expires)}`;
  }

  async verify(pageId: string, token: string): Promise<AckGrant | 'forged' | 'expired'> {
    const [deliveryId, expiresText, mac, ...rest] = token.split('.');
    if (!deliveryId || !expiresText || !mac || rest.length > 0 || !DELIVERY_ID.test(deliveryId) || !/^\d{1,12}$/.test(expiresText)) return 'forged';
    // Compared as text: base64url's last character carries spare bits, and a token whose text differs is not ours.
    const expected = Buffer.from(await this.mac(pageId, deliveryId, Number(expiresText)));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    const expiresAt = Number(expiresText) * 1000;
    if (this.clock.now() >= expiresAt) return 'expired';
    return { pageId, deliveryId, expiresAt };
  }

  private async mac(pageId: string, deliveryId: string, expires: number): Promise<string> {
    return createHmac('sha256', await this.key()).update(`page-ack\n${pageId}\n${deliveryId}\n${expires}`).digest().subarray(0, 16).toString('base64url');
  }
}
