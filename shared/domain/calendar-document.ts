import * as z from 'zod/mini';
import { WALL_TIME, WEEKDAYS, type BusinessCalendar, type Weekday, compileCalendar, wallSeconds } from './business-calendar.js';
import { civilDateOf, epochDayOf, parseIsoDate } from './civil-date.js';
import { ConfigurationError } from './errors.js';
import { WEEKDAY_NAMES } from './holiday-rules.js';
import { fixedDurationSchema } from './iso-duration.js';
import { isValidZone } from './wall-time.js';
import { fieldProblems } from './zod-problems.js';

/**
 * The JSON form of a business calendar version and of its holiday rules, validated (business-calendar.ts holds
 * the calendar itself, holiday-rules.ts the rules' arithmetic). Only what reads configuration or a calendar file
 * needs these schemas, and it reads them once: each is built when it first parses (z.lazy), never at import, and
 * is marked pure, so that a bundle which never parses a calendar (a Lambda function: its configuration was validated
 * when the stack was built) holds none of them.
 */
const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
const years = () => {
  const year = z.optional(int(1900, 2200));
  return { name: z.string().check(z.minLength(1), z.maxLength(100)), from: year, until: year };
};

export const holidayRuleSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .discriminatedUnion('rule', [
      z.strictObject({
        rule: z.literal('fixed'),
        ...years(),
        month: int(1, 12),
        day: int(1, 31),
        weekend: z._default(z.enum(['keep', 'next-weekday', 'nearest-weekday']), 'keep'),
      }),
      z.strictObject({
        rule: z.literal('nth-weekday'),
        ...years(),
        month: int(1, 12),
        weekday: z.enum(WEEKDAY_NAMES),
        nth: z.union([int(1, 5), int(-5, -1)]),
      }),
      z.strictObject({ rule: z.literal('easter'), ...years(), offsetDays: int(-70, 70) }),
    ])
    .check(
      // 2024 is a leap year, so 29 February passes (and is a holiday only in leap years).
      z.refine((rule) => rule.rule !== 'fixed' || civilDateOf(epochDayOf(2024, rule.month, rule.day)).month === rule.month, {
        message: 'that month has no such day',
        path: ['day'],
      }),
      z.refine((rule) => rule.from === undefined || rule.until === undefined || rule.from <= rule.until, { message: 'until is before from', path: ['until'] }),
    ),
);

export type HolidayRule = z.output<typeof holidayRuleSchema>;

/** The opening hours of one weekday: ranges of wall-clock times, in order, not overlapping. */
function dayHoursSchema() {
  const wallTimeSchema = z.string().check(z.regex(WALL_TIME, 'expected a wall-clock time HH:MM or HH:MM:SS from 00:00 to 24:00'));
  const rangeSchema = z
    .tuple([wallTimeSchema, wallTimeSchema])
    .check(z.refine(([start, end]) => wallSeconds(start) < wallSeconds(end), 'an opening range must end after it starts'));
  return z.array(rangeSchema).check(
    z.maxLength(24),
    z.superRefine((ranges, ctx) => {
      for (let i = 1; i < ranges.length; i++) {
        const previousEnd = wallSeconds(ranges[i - 1]![1]);
        if (wallSeconds(ranges[i]![0]) < previousEnd) {
          ctx.addIssue({ code: 'custom', path: [i], message: 'opening ranges must be in order and must not overlap' });
        }
      }
    }),
  );
}

export const calendarIdSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore')));

/**
 * The JSON form of one calendar version, as written in configuration and in the
 * files the `sla` command reads. `id`, `version` and `effectiveFrom` are optional
 * in a single-version file; a weekday left out is closed.
 */
export const calendarSchema = /* @__PURE__ */ z.lazy(() => {
  const localDateSchema = z.string().check(z.refine((text) => parseIsoDate(text) !== undefined, 'expected a local date YYYY-MM-DD'));
  const dayHours = z.optional(dayHoursSchema());
  return z
    .strictObject({
      id: z.optional(calendarIdSchema),
      version: z.optional(z.number().check(z.int(), z.positive())),
      effectiveFrom: z.optional(localDateSchema),
      zone: z.string().check(z.maxLength(64), z.refine((zone) => isValidZone(zone), 'expected an IANA time zone such as Europe/London')),
      week: z.strictObject(Object.fromEntries(WEEKDAYS.map((day) => [day, dayHours])) as Record<Weekday, typeof dayHours>),
      /** One-off holidays. */
      holidays: z.optional(z.array(localDateSchema).check(z.maxLength(10_000))),
      /** Recurring holidays. */
      holidayRules: z.optional(z.array(holidayRuleSchema).check(z.maxLength(100))),
      /** One-off removals: dates the rules give that are working days all the same. */
      removedHolidays: z.optional(z.array(localDateSchema).check(z.maxLength(1_000))),
      businessDayLength: z.optional(
        fixedDurationSchema.check(z.refine((ms) => ms > 0 && ms <= 86_400_000, 'a business day must be longer than zero and at most 24 hours')),
      ),
    })
    .check(
      z.refine((document) => !(document.removedHolidays ?? []).some((date) => (document.holidays ?? []).includes(date)), {
        message: 'a date cannot be both a holiday and a removed holiday',
        path: ['removedHolidays'],
      }),
    );
});

export type CalendarDocument = z.input<typeof calendarSchema>;

/** A validated calendar version, as compileCalendar takes it. */
export type CalendarVersion = z.output<typeof calendarSchema>;

/** Validates unknown input (a parsed JSON file, say) and builds the calendar; errors name the field. */
export function parseCalendar(input: unknown, source = 'calendar'): BusinessCalendar {
  const result = calendarSchema.safeParse(input);
  if (!result.success) throw new ConfigurationError(`invalid ${source}`, fieldProblems(result.error));
  return compileCalendar(result.data);
}
