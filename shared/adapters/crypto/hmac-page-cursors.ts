import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidCursor } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import { onceLoaded } from './signing-keys.js';
import type { PageCursors } from '../../ports/page-cursors.js';

/** A cursor older than this is refused: the client starts again from the first page. */
export const CURSOR_LIFETIME_MS = 24 * 3600_000;
/** Clocks of different function instances may disagree a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

function refused(message?: string): never {
  throw invalidCursor(message);
}

/**
 * Cursors as `<payload>.<mac>`: the payload is base64url JSON `{p: position,
 * t: issued at}`, the MAC an HMAC-SHA256 over the binding and the payload with
 * a key only the service holds (Secrets Manager in AWS, a file in DATA_DIR
 * locally). The key is fetched once, on first use.
 */
export class HmacPageCursors implements PageCursors {
  private readonly key: () => Promise<Buffer>;

  constructor(
    loadKey: () => Promise<Buffer>,
    private readonly clock: Clock,
  ) {
    this.key = onceLoaded(loadKey);
  }

  async seal(position: unknown, binding: string): Promise<string> {
    const payload = Buffer.from(JSON.stringify({ p: position, t: this.clock.now() })).toString('base64url');
    return `${payload}.${await this.mac(binding, payload)}`;
  }

  async open(cursor: string, binding: string): Promise<unknown> {
    const [payload, mac, ...rest] = cursor.split('.');
    if (!payload || !mac || rest.length > 0) refused();
    const expected = Buffer.from(await this.mac(binding, payload), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) refused();
    const { p, t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: unknown; t: number };
    const age = this.clock.now() - t;
    if (!(age <= CURSOR_LIFETIME_MS && age >= -CLOCK_SKEW_MS)) refused('this cursor has expired; start again from the first page');
    return p;
  }

  private async mac(binding: string, payload: string): Promise<string> {
    return createHmac('sha256', await this.key()).update(binding).update('\n').update(payload).digest('base64url');
  }
}
