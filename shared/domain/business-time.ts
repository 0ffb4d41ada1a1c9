import type { BusinessCalendar } from './business-calendar.js';
import { type EpochDay, MS_PER_DAY, weekdayIndex } from './civil-date.js';
import { BusinessTimeHorizonError, DomainError, NoBusinessHoursError } from './errors.js';
import { instantOfWallTime, offsetAt, wallDayOf } from './wall-time.js';

/**
 * Business-time arithmetic. Instants are epoch milliseconds (UTC) and durations
 * are milliseconds, so the hot path allocates little; the edges convert ISO text.
 *
 * Semantics (see ../../docs/business-time.md):
 * - an opening range [from, to) on a local date is the set of instants from the instant of `from`
 *   up to the instant of `to` on that date; wall times become instants by the rule of wall-time.ts
 *   (a repeated wall time is taken at its later occurrence, a skipped one moves forward by the gap),
 *   which depends on the zone's rules alone, never on the machine's clock or zone;
 * - business time is the union of those sets (ranges that a spring-forward gap folds onto each
 *   other count once, never twice and never less);
 * - each local date owns the instants from its midnight to the next midnight (both by the same
 *   rule), so a range ending at `24:00` reaches the next date's midnight even when that midnight
 *   is repeated;
 * - opening hours are half-open: the opening instant is business time, the closing instant is not;
 * - addBusinessTime(t, d) is the earliest instant at which d of business time has elapsed since t,
 *   so a result may land exactly on a closing instant, and adding zero returns t;
 * - holidays are whole local dates.
 *
 * Cost grows with the number of local days (and so opening periods) crossed, never with the length
 * of the duration in minutes: each local day's periods are converted to UTC once per calendar and cached.
 */
export type Instant = number;
export type DurationMs = number;

/** How far ahead the engine looks for business time before it says it cannot finish. */
export const HORIZON_DAYS = 366 * 100;
const CACHE_LIMIT = 50_000;

/** One local day: the instants it owns, [start, end), and its opening periods as disjoint, ordered UTC pairs. */
interface Day {
  readonly day: EpochDay;
  readonly start: Instant;
  readonly end: Instant;
  /** [start0, end0, start1, end1, …] */
  readonly periods: readonly number[];
}

const dayCache = new WeakMap<BusinessCalendar, Map<EpochDay, Day>>();

function buildDay(calendar: BusinessCalendar, day: EpochDay): Day {
  const { zone } = calendar;
  const midnight = day * MS_PER_DAY;
  // Most days have no offset change: one offset then serves every wall time of the day.
  const offset = offsetAt(zone, midnight - MS_PER_DAY);
  const plain =
    offsetAt(zone, midnight + 2 * MS_PER_DAY) === offset && offsetAt(zone, midnight - offset) === offset && offsetAt(zone, midnight + MS_PER_DAY - offset) === offset;
  const instant = (local: number) => (plain ? local - offset : instantOfWallTime(zone, local));
  const start = instant(midnight);
  const end = instant(midnight + MS_PER_DAY);
  const ranges = calendar.isHoliday(day) ? [] : (calendar.week[weekdayIndex(day)] ?? []);
  const pairs: [number, number][] = [];
  for (const range of ranges) {
    const from = Math.max(start, instant(midnight + range.start * 1000));
    const to = Math.min(end, instant(midnight + range.end * 1000));
    if (to > from) pairs.push([from, to]);
  }
  // A spring-forward gap can fold two ranges onto each other: count the union once.
  pairs.sort((a, b) => a[0] - b[0]);
  const periods: number[] = [];
  for (const [from, to] of pairs) {
    const last = periods.length - 1;
    if (last > 0 && from <= periods[last]!) periods[last] = Math.max(periods[last]!, to);
    else periods.push(from, to);
  }
  return { day, start, end, periods };
}

function dayOf(calendar: BusinessCalendar, day: EpochDay): Day {
  let cache = dayCache.get(calendar);
  if (!cache) {
    cache = new Map();
    dayCache.set(calendar, cache);
  }
  let entry = cache.get(day);
  if (!entry) {
    entry = buildDay(calendar, day);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(day, entry);
  }
  return entry;
}

/** The local day that owns an instant (its wall-clock date, except inside a repeated midnight hour). */
function owningDay(calendar: BusinessCalendar, t: Instant): Day {
  const day = dayOf(calendar, wallDayOf(calendar.zone, t));
  if (t < day.start) return dayOf(calendar, day.day - 1);
  if (t >= day.end) return dayOf(calendar, day.day + 1);
  return day;
}

function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new DomainError('validation-failed', `${name} must be a finite instant`);
}

function assertCanOpen(calendar: BusinessCalendar): void {
  if (!calendar.everOpen) throw new NoBusinessHoursError(calendar.id);
}

export function isBusinessTime(t: Instant, calendar: BusinessCalendar): boolean {
  assertInstant('t', t);
  if (calendar.alwaysOpen) return true;
  const { periods } = owningDay(calendar, t);
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
  const first = owningDay(calendar, t).day;
  for (let day = first; day < first + HORIZON_DAYS; day++) {
    const { periods } = dayOf(calendar, day);
    for (let i = 0; i < periods.length; i += 2) {
      if (periods[i + 1]! > t) return Math.max(periods[i]!, t);
    }
  }
  throw new BusinessTimeHorizonError(calendar.id, HORIZON_DAYS, 'opens');
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
  const first = owningDay(calendar, start).day;
  for (let day = first; day < first + HORIZON_DAYS; day++) {
    const { periods } = dayOf(calendar, day);
    for (let i = 0; i < periods.length; i += 2) {
      const end = periods[i + 1]!;
      if (end <= start) continue;
      const from = Math.max(periods[i]!, start);
      const available = end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
  }
  throw new BusinessTimeHorizonError(calendar.id, HORIZON_DAYS, 'elapses');
}

/** Business time inside [a, b); 0 when b ≤ a. */
export function businessTimeBetween(a: Instant, b: Instant, calendar: BusinessCalendar): DurationMs {
  assertInstant('a', a);
  assertInstant('b', b);
  if (b <= a) return 0;
  if (calendar.alwaysOpen) return b - a;
  let total = 0;
  const last = owningDay(calendar, b).day;
  for (let day = owningDay(calendar, a).day; day <= last; day++) {
    const { periods } = dayOf(calendar, day);
    for (let i = 0; i < periods.length; i += 2) {
      const from = Math.max(periods[i]!, a);
      const to = Math.min(periods[i + 1]!, b);
      if (to > from) total += to - from;
    }
  }
  return total;
}
