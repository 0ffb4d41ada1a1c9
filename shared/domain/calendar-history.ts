import * as z from 'zod/mini';
import { type BusinessCalendar, compileCalendar } from './business-calendar.js';
import { calendarIdSchema, calendarSchema } from './calendar-document.js';
import type { Instant } from './business-time.js';
import { parseIsoDate } from './civil-date.js';
import { ConfigurationError } from './errors.js';
import { wallDayOf } from './wall-time.js';
import { fieldProblems } from './zod-problems.js';

/**
 * A calendar over time: a list of versions, each effective from a local date (in
 * its own zone). An edit adds a version; versions are never changed or removed,
 * so a case can keep the version it was opened under for its whole life.
 *
 * Written either as `{ "id", "versions": [ … ] }` or, for a calendar that has
 * never changed, as one version on its own.
 */
export interface CalendarHistory {
  readonly id: string;
  /** Oldest first. */
  readonly versions: readonly BusinessCalendar[];
  readonly latest: BusinessCalendar;
  /** The version in effect at an instant (before the first version takes effect: the first). */
  at(instant: Instant): BusinessCalendar;
  /** A version by number. */
  version(number: number): BusinessCalendar | undefined;
}

/** The spellings of a calendar's history: like every configuration schema, built when first parsing (z.lazy). */
const versionedSchema = z.lazy(() =>
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

const singleSchema = z.lazy(() => z.pipe(calendarSchema, z.transform((document: z.output<typeof calendarSchema>) => ({ id: document.id ?? 'calendar', versions: [document] }))));

/** Either spelling of a calendar (told apart by `versions`); the single-version one becomes a one-version history. */
export const calendarHistorySchema = z.lazy(() =>
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

export type CalendarHistoryDocument = z.input<typeof versionedSchema> | z.input<typeof calendarSchema>;

export function compileHistory(document: z.output<typeof calendarHistorySchema>): CalendarHistory {
  const versions = document.versions.map((version) => compileCalendar({ ...version, id: document.id }));
  const byNumber = new Map(versions.map((version) => [version.version, version]));
  const latest = versions[versions.length - 1]!;
  return {
    id: document.id,
    versions,
    latest,
    at(instant) {
      for (let i = versions.length - 1; i > 0; i--) {
        const version = versions[i]!;
        if (wallDayOf(version.zone, instant) >= version.effectiveFrom!) return version;
      }
      return versions[0]!;
    },
    version: (number) => byNumber.get(number),
  };
}

/** Validates unknown input and builds the history; errors name the field. */
export function parseCalendarHistory(input: unknown, source = 'calendar'): CalendarHistory {
  const result = calendarHistorySchema.safeParse(input);
  if (!result.success) throw new ConfigurationError(`invalid ${source}`, fieldProblems(result.error));
  return compileHistory(result.data);
}
