import type { CalendarVersion, HolidayRule } from './calendar-document.js';
import { type EpochDay, civilDateOf, epochDayOf, parseIsoDate } from './civil-date.js';
import { holidaysOfYear } from './holiday-rules.js';

/**
 * A business calendar (one version of it): the opening hours of a support desk
 * in one IANA zone, per weekday, minus holidays (whole local dates, listed or
 * given by rules). Opening hours are half-open: the opening instant is inside,
 * the closing instant is not. See calendar-history.ts for versions.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Seconds after local midnight: [start, end), end may be 86,400 (`24:00`). */
export interface OpeningRange {
  readonly start: number;
  readonly end: number;
}

export interface BusinessCalendar {
  readonly id: string;
  readonly version: number;
  /** The first local date this version applies to; null: from the beginning. */
  readonly effectiveFrom: EpochDay | null;
  readonly zone: string;
  /** Index 0 = Monday … 6 = Sunday. */
  readonly week: readonly (readonly OpeningRange[])[];
  isHoliday(day: EpochDay): boolean;
  /** The last local date the calendar has holiday information for: Infinity with rules, null with none. */
  readonly holidaysKnownThrough: EpochDay | null;
  /** How much business time one business day is, in ms. */
  readonly businessDayMs: number;
  /** Where businessDayMs comes from: the calendar's `businessDayLength`, or its usual working day. */
  readonly businessDaySource: 'calendar' | 'usual-working-day';
  /** True when every instant is business time: open 00:00–24:00 every day, no holidays. */
  readonly alwaysOpen: boolean;
  /** True when at least one weekday has an opening range. */
  readonly everOpen: boolean;
}

export const WALL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?|24:00(?::00)?)$/;

/** Seconds after midnight of `HH:MM` or `HH:MM:SS` (00:00 … 24:00); NaN when it is neither. */
export function wallSeconds(text: string): number {
  const match = WALL_TIME.exec(text);
  if (!match) return Number.NaN;
  if (match[1] === undefined) return 86_400;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

const FALLBACK_BUSINESS_DAY_MS = 8 * 3_600_000;

/**
 * The calendar's usual working day: the most common total of opening hours among the weekdays
 * that open at all (the longer total on a tie); 8 hours for a calendar that never opens.
 */
export function usualWorkingDayMs(week: readonly (readonly OpeningRange[])[]): number {
  const counts = new Map<number, number>();
  for (const ranges of week) {
    const total = ranges.reduce((sum, range) => sum + (range.end - range.start) * 1000, 0);
    if (total > 0) counts.set(total, (counts.get(total) ?? 0) + 1);
  }
  let best = FALLBACK_BUSINESS_DAY_MS;
  let bestCount = 0;
  for (const [total, count] of counts) {
    if (count > bestCount || (count === bestCount && total > best)) [best, bestCount] = [total, count];
  }
  return best;
}

function holidayTest(dates: ReadonlySet<EpochDay>, rules: readonly HolidayRule[], removed: ReadonlySet<EpochDay>): (day: EpochDay) => boolean {
  if (rules.length === 0 && removed.size === 0) return (day) => dates.has(day);
  const byYear = new Map<number, Set<EpochDay>>();
  return (day) => {
    if (dates.has(day)) return true;
    if (removed.has(day)) return false;
    const year = civilDateOf(day).year;
    let ruled = byYear.get(year);
    if (!ruled) {
      ruled = holidaysOfYear(rules, year);
      byYear.set(year, ruled);
    }
    return ruled.has(day);
  };
}

/** Builds the runtime calendar from its validated JSON form. */
export function compileCalendar(document: CalendarVersion): BusinessCalendar {
  const week = WEEKDAYS.map((day) =>
    (document.week[day] ?? []).map(([start, end]) => ({ start: wallSeconds(start), end: wallSeconds(end) })),
  );
  const dates = new Set((document.holidays ?? []).map((date) => parseIsoDate(date)!));
  const rules = document.holidayRules ?? [];
  const removed = new Set((document.removedHolidays ?? []).map((date) => parseIsoDate(date)!));
  const lastListed = dates.size > 0 ? Math.max(...dates) : null;
  const alwaysOpen = dates.size === 0 && rules.length === 0 && week.every((ranges) => ranges.length === 1 && ranges[0]!.start === 0 && ranges[0]!.end === 86_400);
  return {
    id: document.id ?? 'calendar',
    version: document.version ?? 1,
    effectiveFrom: document.effectiveFrom === undefined ? null : parseIsoDate(document.effectiveFrom)!,
    zone: document.zone,
    week,
    isHoliday: holidayTest(dates, rules, removed),
    // A listed date in a year is taken to mean the year's holidays are listed.
    holidaysKnownThrough: rules.length > 0 ? Infinity : lastListed === null ? null : epochDayOf(civilDateOf(lastListed).year, 12, 31),
    businessDayMs: document.businessDayLength ?? usualWorkingDayMs(week),
    businessDaySource: document.businessDayLength === undefined ? 'usual-working-day' : 'calendar',
    alwaysOpen,
    everOpen: week.some((ranges) => ranges.length > 0),
  };
}

/**
 * The 24/7 clock of levels I and II: a calendar that is always open. Marked pure (building it has no side effect)
 * so that a bundle that never uses it leaves it, and the holiday arithmetic it pulls in, out.
 */
const ALL_DAY: [string, string] = ['00:00', '24:00'];
export const ALWAYS_OPEN: BusinessCalendar = /* @__PURE__ */ compileCalendar({
  id: '24x7',
  version: 1,
  zone: 'UTC',
  week: { mon: [ALL_DAY], tue: [ALL_DAY], wed: [ALL_DAY], thu: [ALL_DAY], fri: [ALL_DAY], sat: [ALL_DAY], sun: [ALL_DAY] },
  businessDayLength: 86_400_000,
});
