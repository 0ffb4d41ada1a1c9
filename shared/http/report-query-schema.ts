import * as z from 'zod/mini';
import { RESPONSE_LEVELS } from '../domain/policy-terms.js';
import { isValidZone } from '../domain/wall-time.js';

// The query string of GET /reports/sla.

const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'));

export const reportQuerySchema = z.strictObject({
  from: localDate,
  to: localDate,
  zone: z.optional(z.string().check(z.maxLength(64), z.refine((zone) => isValidZone(zone), 'expected an IANA time zone such as Europe/London'))),
  institution: z.optional(z.string().check(z.maxLength(64))),
  level: z.optional(z.enum(RESPONSE_LEVELS)),
  /** The rest of the breach list: a previous answer's `nextBreachesCursor`. */
  breachesCursor: z.optional(z.string().check(z.maxLength(500))),
});
