import * as z from 'zod/mini';
import { calendarIdSchema, calendarSchema } from './calendar-document.js';
import { type CalendarHistory, compileHistory } from './calendar-history.js';
import { parseIsoDate } from './civil-date.js';
import { ConfigurationError } from './errors.js';
import { fieldProblems } from './zod-problems.js';

/**
 * The JSON form of a calendar's history (calendar-history.ts holds the history itself), validated. Like every
 * configuration schema, each is built when it first parses (z.lazy) and marked pure, so that a bundle which never
 * parses a calendar (a Lambda function, whose configuration was validated when the stack was built) holds none.
 */
const versionedSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      id: calendarIdSchema,
      versions: z.array(calendarSchema).check(z.minLength(1), z.maxLength(100)),
    })
    .check(
      z.superRefine((history, ctx) => {
        history.versions.forEach((version, i) => {
          if (version.id !== undefined && version.id !== history.id) ctx.addIssue({ code: 'custom', path: ['versions', i, 'id'], message: `a version's id must be the calendar's ('${history.id}')` });
          if (version.version === undefined) ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: 'each version needs its number' });
          if (i === 0) return;
          const previous = history.versions[i - 1]!;
          if (version.version !== undefined && previous.version !== undefined && version.version <= previous.version) {
            ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: 'version numbers must increase' });
          }
          if (version.effectiveFrom === undefined) {
            ctx.addIssue({ code: 'custom', path: ['versions', i, 'effectiveFrom'], message: 'every version after the first needs effectiveFrom' });
          } else if (previous.effectiveFrom !== undefined && parseIsoDate(version.effectiveFrom)! <= parseIsoDate(previous.effectiveFrom)!) {
            ctx.addIssue({ code: 'custom', path: ['versions', i, 'effectiveFrom'], message: 'each version must take effect after the one before' });
          }
        });
      }),
    ),
);

const singleSchema = /* @__PURE__ */ z.lazy(() => z.pipe(calendarSchema, z.transform((document: z.output<typeof calendarSchema>) => ({ id: document.id ?? 'calendar', versions: [document] }))));

/** Either spelling of a calendar (told apart by `versions`); the single-version one becomes a one-version history. */
export const calendarHistorySchema = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.unknown(),
    z.transform((value: unknown, ctx) => {
      const result = typeof value === 'object' && value !== null && 'versions' in value ? z.safeParse(versionedSchema, value) : z.safeParse(singleSchema, value);
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        // Unknown keys keep their own form, so that every unknown field is named.
        if (issue.code === 'unrecognized_keys') ctx.issues.push({ code: 'unrecognized_keys', keys: issue.keys, path: issue.path, message: issue.message, input: value as Record<string, unknown> });
        else ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: value });
      }
      return z.NEVER;
    }),
  ),
);

/** Validates unknown input and builds the history; errors name the field. */
export function parseCalendarHistory(input: unknown, source = 'calendar'): CalendarHistory {
  const result = calendarHistorySchema.safeParse(input);
  if (!result.success) throw new ConfigurationError(`invalid ${source}`, fieldProblems(result.error));
  return compileHistory(result.data);
}
