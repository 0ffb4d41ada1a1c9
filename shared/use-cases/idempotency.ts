import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { IdempotencyRecord, StoredIdempotency } from '../ports/idempotency-records.js';

/**
 * Retried requests. Every request that creates something (a case, a comment,
 * an escalation request) may carry an `Idempotency-Key`: the first request with
 * a key is carried out and recorded with the key in the same transaction; a
 * retry with the same key and the same request gets the first answer again;
 * the same key with a different request is refused (422). Keys belong to the
 * caller (scope: the token's subject), so two users' keys never collide.
 */
export type IdempotentRequest = IdempotencyRecord;

/** A stable digest of what was asked: keys sorted, undefined left out. Callers leave secrets out of `request`. */
export function fingerprintOf(request: unknown): string {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;
  return createHash('sha256').update(JSON.stringify(canonical(request))).digest('base64url');
}

/** Raised inside a request when another request with the same key was recorded first (a race): answer with its result. */
export class IdempotencyKeyTaken extends Error {
  constructor(readonly stored: StoredIdempotency) {
    super('idempotency key taken');
  }
}

export const reusedKey = () =>
  new DomainError('idempotency-key-reused', 'this Idempotency-Key was already used for a different request; use a new key for a new request');

/**
 * Runs `run` once per key: a recorded key replays its first answer (`replay`), a
 * key recorded with a different request is a 422, and a key taken by a
 * concurrent request while `run` ran (it throws IdempotencyKeyTaken) replays too.
 */
export async function once<T>(
  find: (scope: string, key: string) => Promise<StoredIdempotency | undefined>,
  request: IdempotentRequest | undefined,
  run: () => Promise<T>,
  replay: (stored: StoredIdempotency) => Promise<T>,
): Promise<T> {
  if (!request) return run();
  const answer = (stored: StoredIdempotency) => {
    if (stored.fingerprint !== request.fingerprint) throw reusedKey();
    return replay(stored);
  };
  const earlier = await find(request.scope, request.key);
  if (earlier) return answer(earlier);
  try {
    return await run();
  } catch (error) {
    if (error instanceof IdempotencyKeyTaken) return answer(error.stored);
    throw error;
  }
}
