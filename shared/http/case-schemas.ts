import * as z from 'zod/mini';
import { secretText } from './text-fields.js';

/**
 * What may be sent to the case routes: the parts every route group shares. Each group's bodies and queries have
 * a module of their own (open-case-schema.ts, case-change-schemas.ts, query-schemas.ts, report-query-schema.ts), so that a function bundles
 * only its own. Strict: unknown fields are refused, every size is bounded, text is checked (text-fields.ts).
 */
/** A customer secret (credentials, remote access): built by the body schemas that take one, not by every function. */
export const caseSecret = () => secretText(4000);

export const idempotencyKeySchema = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._:-]+$/, 'use 1-128 letters, digits, dot, dash, underscore or colon'));

export const caseNumberParameterSchema = z.strictObject({ caseNumber: z.string().check(z.regex(/^\d{8}$/, 'a case number is 8 digits')) });
