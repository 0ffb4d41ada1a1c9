import * as z from 'zod/mini';
import { RESPONSE_LEVELS } from '../domain/policy-terms.js';
import { CASE_STATUSES } from '../domain/support-case.js';
import { lineText } from './text-fields.js';

// The query strings of the listing and timeline routes (the report's has a module of its own, report-query-schema.ts,
// so that each function builds only its own).

/** A page size from the query string: 1 to 100, `fallback` when absent. */
const pageLimit = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), fallback);

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
