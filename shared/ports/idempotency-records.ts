/** A retried request is recognised by its Idempotency-Key; the fingerprint tells a true retry from a reused key. */
export interface IdempotencyRecord {
  /** Who the key belongs to: keys of different users never collide. */
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

export interface StoredIdempotency {
  readonly fingerprint: string;
  readonly caseNumber: string;
  /** What the first request answered, when that is more than the case (a comment, an escalation request). */
  readonly result?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Where the records of requests' Idempotency-Keys are looked up (they are written in the transaction of the change
 * they made: intake, updates, page acknowledgements).
 */
export interface IdempotencyRecords {
  /** The record, read consistently: what a retry answers from. */
  findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined>;
}
