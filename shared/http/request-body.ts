import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DomainError, ValidationError } from '../domain/errors.js';
import { fieldProblems } from '../domain/zod-problems.js';
import { idempotencyKeySchema } from './case-schemas.js';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body: 415 unless it is JSON, 413 above 64 KB, 400 when it does not
 * parse or does not fit the schema, naming each bad field. Nothing is written
 * before this passes. Messages never quote the body, so a secret in it is never
 * echoed back.
 */
export function parseJsonBody<S extends z.core.$ZodType>(event: APIGatewayProxyEventV2, schema: S): z.output<S> {
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(contentType)) {
    throw new DomainError('unsupported-media-type', 'send the body as application/json');
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new DomainError('payload-too-large', `the body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError('the body is not valid JSON', [{ field: '', message: 'not valid JSON' }]);
  }
  return parseInput(schema, json, 'the request has invalid fields');
}

export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown, message: string): z.output<S> {
  // Classic and mini schemas alike (both are zod core schemas).
  const result = z.safeParse(schema, input);
  if (!result.success) throw new ValidationError(message, fieldProblems(result.error));
  return result.data;
}

/** The request's `Idempotency-Key` header, when it has one: 1-128 letters, digits, dot, dash, underscore or colon, or a 400. */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const raw = event.headers?.['idempotency-key'];
  return raw === undefined ? undefined : parseInput(idempotencyKeySchema, raw, 'the Idempotency-Key header is not valid');
}

/** Marks the answer to a retried request that was already carried out. */
export const replayedHeader = (replayed: boolean): Record<string, string> => (replayed ? { 'idempotent-replayed': 'true' } : {});
