import { IANAZone } from 'luxon';
import * as z from 'zod';
import { type EpochDay, parseIsoDate } from './civil-date.js';
import { ConfigurationError } from './errors.js';
import { fixedDurationSchema } from './iso-duration.js';
import { fieldProblems } from './zod-problems.js';

/**
 * A business calendar: the opening hours of a support desk in one IANA zone,
 * per weekday, minus holidays (whole local dates). Opening hours are half-open:
 * the opening instant is inside, the closing instant is not.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes after local midnight: [start, end), end may be 1440 (`24:00`). */
export interface OpeningRange {
  readonly start: number;
  readonly end: number;
}

export interface BusinessCalendar {
  readonly id: string;
  readonly version: number;
  readonly zone: string;
  /** Index 0 = Monday … 6 = Sunday. */
  readonly week: readonly (readonly OpeningRange[])[];
  readonly holidays: ReadonlySet<EpochDay>;
  /** How much business time one business day is (default 8 hours), in ms. */
  readonly businessDayMs: number;
  /** True when every instant is business time: open 00:00–24:00 every day, no holidays. */
  readonly alwaysOpen: boolean;
  /** True when at least one weekday has an opening range. */
  readonly everOpen: boolean;
}

const WALL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

function wallMinutes(text: string): number {
  const match = WALL_TIME.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

const wallTimeSchema = z.string().regex(WALL_TIME, 'expected a wall-clock time HH:MM from 00:00 to 24:00');

const rangeSchema = z
  .tuple([wallTimeSchema, wallTimeSchema])
  .refine(([start, end]) => wallMinutes(start) < wallMinutes(end), 'an opening range must end after it starts');

const dayHoursSchema = z
  .array(rangeSchema)
  .max(24)
  .superRefine((ranges, ctx) => {
    for (let i = 1; i < ranges.length; i++) {
      const previousEnd = wallMinutes(ranges[i - 1]![1]);
      if (wallMinutes(ranges[i]![0]) < previousEnd) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'opening ranges must be in order and must not overlap' });
      }
    }
  });

const localDateSchema = z.string().refine((text) => parseIsoDate(text) !== undefined, 'expected a local date YYYY-MM-DD');

const zoneSchema = z.string().max(64).refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Europe/London');

/**
 * The JSON form of a calendar, as written in configuration and in the files the
 * `sla` command reads. `id` and `version` are optional in a file; a weekday left
 * out is closed.
 */
export const calendarSchema = z.strictObject({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore').optional(),
  version: z.number().int().positive().optional(),
  zone: zoneSchema,
  week: z.strictObject(Object.fromEntries(WEEKDAYS.map((day) => [day, dayHoursSchema.optional()])) as Record<Weekday, z.ZodOptional<typeof dayHoursSchema>>),
  holidays: z.array(localDateSchema).max(10_000).optional(),
  businessDayLength: fixedDurationSchema
    .refine((ms) => ms > 0 && ms <= 86_400_000, 'a business day must be longer than zero and at most 24 hours')
    .optional(),
});

export type CalendarDocument = z.input<typeof calendarSchema>;

const DEFAULT_BUSINESS_DAY_MS = 8 * 3_600_000;

/** Builds the runtime calendar from its validated JSON form. */
export function compileCalendar(document: z.output<typeof calendarSchema>): BusinessCalendar {
  const week = WEEKDAYS.map((day) =>
    (document.week[day] ?? []).map(([start, end]) => ({ start: wallMinutes(start), end: wallMinutes(end) })),
  );
  const holidays = new Set((document.holidays ?? []).map((date) => parseIsoDate(date)!));
  const alwaysOpen = holidays.size === 0 && week.every((ranges) => ranges.length === 1 && ranges[0]!.start === 0 && ranges[0]!.end === 1440);
  return {
    id: document.id ?? 'calendar',
    version: document.version ?? 1,
    zone: document.zone,
    week,
    holidays,
    businessDayMs: document.businessDayLength ?? DEFAULT_BUSINESS_DAY_MS,
    alwaysOpen,
    everOpen: week.some((ranges) => ranges.length > 0),
  };
}

/** Validates unknown input (a parsed JSON file, say) and builds the calendar; errors name the field. */
export function parseCalendar(input: unknown, source = 'calendar'): BusinessCalendar {
  const result = calendarSchema.safeParse(input);
  if (!result.success) throw new ConfigurationError(`invalid ${source}`, fieldProblems(result.error));
  return compileCalendar(result.data);
}

/** The 24/7 clock of levels I and II: a calendar that is always open. */
export const ALWAYS_OPEN: BusinessCalendar = compileCalendar({
  id: '24x7',
  version: 1,
  zone: 'UTC',
  week: Object.fromEntries(WEEKDAYS.map((day) => [day, [['00:00', '24:00']]])) as Record<Weekday, [string, string][]>,
  businessDayLength: 86_400_000,
});
