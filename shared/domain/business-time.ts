import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar.js';
import { type EpochDay, civilDateOf, epochDayOf, weekdayIndex } from './civil-date.js';
import { DomainError, NoBusinessHoursError } from './errors.js';

/**
 * Business-time arithmetic. Instants are epoch milliseconds (UTC) and durations
 * are milliseconds, so the hot path allocates little; the edges convert ISO text.
 *
 * Semantics (see ../../README.md, "SLA time"):
 * - opening hours are half-open: the opening instant is business time, the closing instant is not;
 * - addBusinessTime(t, d) is the earliest instant at which d of business time has elapsed since t,
 *   so a result may land exactly on a closing instant, and adding zero returns t;
 * - wall-clock hours follow the calendar's IANA zone on every date: a wall time skipped by a
 *   spring-forward change moves forward by the gap; a repeated one (fall-back) is taken at its
 *   later occurrence (luxon's rule);
 * - holidays are whole local dates.
 *
 * Cost grows with the number of local days (and so opening periods) crossed, never with the length
 * of the duration in minutes: each local day's opening periods are converted to UTC once per
 * calendar and cached.
 */
export type Instant = number;
export type DurationMs = number;

/** How far ahead the engine will look for business time before giving up (a guard, not a limit users meet). */
const MAX_DAYS_SCANNED = 366 * 200;
const CACHE_LIMIT = 50_000;

/** Opening periods of one local day as UTC instants: [start0, end0, start1, end1, …]. */
type DayPeriods = readonly number[];

const periodCache = new WeakMap<BusinessCalendar, Map<EpochDay, DayPeriods>>();

function wallClockInstant(calendar: BusinessCalendar, day: EpochDay, minutes: number): Instant {
  const date = civilDateOf(minutes >= 1440 ? day + 1 : day);
  const m = minutes >= 1440 ? minutes - 1440 : minutes;
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(m / 60), minute: m % 60 },
    { zone: calendar.zone },
  ).toMillis();
}

function periodsOfDay(calendar: BusinessCalendar, day: EpochDay): DayPeriods {
  let cache = periodCache.get(calendar);
  if (!cache) {
    cache = new Map();
    periodCache.set(calendar, cache);
  }
  const cached = cache.get(day);
  if (cached) return cached;

  const periods: number[] = [];
  if (!calendar.holidays.has(day)) {
    for (const range of calendar.week[weekdayIndex(day)] ?? []) {
      // A DST change can fold two wall-clock ranges onto each other; keep periods ordered and disjoint.
      const previousEnd = periods.length > 0 ? periods[periods.length - 1]! : -Infinity;
      const start = Math.max(wallClockInstant(calendar, day, range.start), previousEnd);
      const end = wallClockInstant(calendar, day, range.end);
      if (end > start) periods.push(start, end);
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(day, periods);
  return periods;
}

function localDayOf(instant: Instant, calendar: BusinessCalendar): EpochDay {
  const local = DateTime.fromMillis(instant, { zone: calendar.zone });
  return epochDayOf(local.year, local.month, local.day);
}

function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new DomainError('validation-failed', `${name} must be a finite instant`);
}

function assertCanOpen(calendar: BusinessCalendar): void {
  if (!calendar.everOpen) throw new NoBusinessHoursError(calendar.id);
}

function tooFar(calendar: BusinessCalendar): never {
  throw new NoBusinessHoursError(calendar.id);
}

export function isBusinessTime(t: Instant, calendar: BusinessCalendar): boolean {
  assertInstant('t', t);
  if (calendar.alwaysOpen) return true;
  const periods = periodsOfDay(calendar, localDayOf(t, calendar));
  for (let i = 0; i < periods.length; i += 2) {
    if (t >= periods[i]! && t < periods[i + 1]!) return true;
  }
  return false;
}

/** t itself when it is business time, otherwise the next opening instant. */
export function nextBusinessInstant(t: Instant, calendar: BusinessCalendar): Instant {
  assertInstant('t', t);
  if (calendar.alwaysOpen) return t;
  assertCanOpen(calendar);
  const firstDay = localDayOf(t, calendar);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day++) {
    const periods = periodsOfDay(calendar, day);
    for (let i = 0; i < periods.length; i += 2) {
      if (periods[i + 1]! > t) return Math.max(periods[i]!, t);
    }
  }
  return tooFar(calendar);
}

/** The earliest instant at which `duration` of business time has elapsed since `start`. */
export function addBusinessTime(start: Instant, duration: DurationMs, calendar: BusinessCalendar): Instant {
  assertInstant('start', start);
  if (!Number.isFinite(duration) || duration < 0) {
    throw new DomainError('validation-failed', 'duration must be a finite, non-negative number of milliseconds');
  }
  if (duration === 0) return start;
  if (calendar.alwaysOpen) return start + duration;
  assertCanOpen(calendar);

  let remaining = duration;
  const firstDay = localDayOf(start, calendar);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day++) {
    const periods = periodsOfDay(calendar, day);
    for (let i = 0; i < periods.length; i += 2) {
      const end = periods[i + 1]!;
      if (end <= start) continue;
      const from = Math.max(periods[i]!, start);
      const available = end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
  }
  return tooFar(calendar);
}

/** Business time inside [a, b); 0 when b ≤ a. */
export function businessTimeBetween(a: Instant, b: Instant, calendar: BusinessCalendar): DurationMs {
  assertInstant('a', a);
  assertInstant('b', b);
  if (b <= a) return 0;
  if (calendar.alwaysOpen) return b - a;
  let total = 0;
  const lastDay = localDayOf(b, calendar);
  for (let day = localDayOf(a, calendar); day <= lastDay; day++) {
    const periods = periodsOfDay(calendar, day);
    for (let i = 0; i < periods.length; i += 2) {
      const from = Math.max(periods[i]!, a);
      const to = Math.min(periods[i + 1]!, b);
      if (to > from) total += to - from;
    }
  }
  return total;
}
