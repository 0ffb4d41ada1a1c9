import * as z from 'zod/mini';
import { RESPONSE_LEVELS } from '../domain/policy-terms.js';
import { CASE_STATUSES } from '../domain/support-case.js';
import { isValidZone } from '../domain/wall-time.js';
import { lineText } from './text-fields.js';

// The query strings of the listing, timeline and report routes.

/** A page size from the query string: 1 to 100, `fallback` when absent. */
const pageLimit = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), fallback);
const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'));

export const listCasesQuerySchema = z.strictObject({
  limit: pageLimit(25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  institution: z.optional(z.string().check(z.maxLength(64))),
  status: z.optional(z.enum(CASE_STATUSES)),
  level: z.optional(z.enum(RESPONSE_LEVELS)),
  /** A support person's name, or `none` for unassigned cases. */
  assignee: z.optional(lineText(200)),
});

export const timelineQuerySchema = z.strictObject({
  limit: pageLimit(50),
  cursor: z.optional(z.string().check(z.maxLength(500))),
});

export const reportQuerySchema = z.strictObject({
  from: localDate,
  to: localDate,
  zone: z.optional(z.string().check(z.maxLength(64), z.refine((zone) => isValidZone(zone), 'expected an IANA time zone such as Europe/London'))),
  institution: z.optional(z.string().check(z.maxLength(64))),
  level: z.optional(z.enum(RESPONSE_LEVELS)),
  /** The rest of the breach list: a previous answer's `nextBreachesCursor`. */
  breachesCursor: z.optional(z.string().check(z.maxLength(500))),
});
