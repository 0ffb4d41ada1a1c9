import * as z from 'zod/mini';

/**
 * The building blocks every reader of the table's items parses with (the case, its timeline, its timers, the outbox,
 * idempotency records): one schema each, built once at import, so a reader that needs only these loads no other
 * reader's schemas.
 */
export const text = z.string();
export const integer = z.int();
export const number = z.number();
