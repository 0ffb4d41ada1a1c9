import { DateTime } from 'luxon';

/**
 * An independent, deliberately naive business-time reference for tests: it
 * walks minute by minute and asks, of each minute, whether its wall-clock time
 * falls in an opening range of its local weekday and its local date is not a
 * holiday. Slow and obviously right; it shares no code with the engine.
 */
export interface ReferenceCalendar {
  readonly zone: string;
  /** Luxon weekday (1 = Monday) → [start, end) in minutes after local midnight. */
  readonly hours: Readonly<Record<number, readonly [number, number][]>>;
  readonly holidays: readonly string[];
}

const MINUTE = 60_000;

export function isOpenMinute(at: number, calendar: ReferenceCalendar): boolean {
  const local = DateTime.fromMillis(at, { zone: calendar.zone });
  if (calendar.holidays.includes(local.toISODate()!)) return false;
  const minute = local.hour * 60 + local.minute;
  return (calendar.hours[local.weekday] ?? []).some(([from, to]) => minute >= from && minute < to);
}

/** The instant at which `minutes` of business time have elapsed since `start` (both on whole minutes). */
export function referenceAdd(start: number, minutes: number, calendar: ReferenceCalendar): number {
  let at = start;
  let left = minutes;
  while (left > 0) {
    if (isOpenMinute(at, calendar)) left--;
    at += MINUTE;
  }
  return at;
}

/** Business minutes in [a, b). */
export function referenceBetween(a: number, b: number, calendar: ReferenceCalendar): number {
  let minutes = 0;
  for (let at = a; at < b; at += MINUTE) if (isOpenMinute(at, calendar)) minutes++;
  return minutes;
}

/** The nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.ceil(p * sorted.length) - 1]!;
}

/**
 * A second, DST-exact reference for opening hours written as wall times. It shares no code with the
 * engine: it reads offsets from luxon's DateTime.fromMillis and applies the documented rule by its
 * plainest statement — of the instants whose wall clock shows the time, take the latest; when there
 * is none (a spring-forward gap), read the time with the offset in force before the gap (the smaller
 * one), which moves it forward by the gap. An opening range of a local date is then the instants from
 * its start to its end, and business time is every instant inside some range of some date.
 */
export interface WallCalendar {
  readonly zone: string;
  /** Luxon weekday (1 = Monday) → [start, end) in minutes after local midnight (end may be 1440). */
  readonly hours: Readonly<Record<number, readonly [number, number][]>>;
  readonly holidays: readonly string[];
}

const DAY = 86_400_000;

function wallMs(at: number, zone: string): number {
  const local = DateTime.fromMillis(at, { zone });
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

export function referenceInstantOfWallTime(zone: string, local: number): number {
  const offsets = new Set<number>();
  for (let at = local - 2 * DAY; at <= local + 2 * DAY; at += 3_600_000) offsets.add(DateTime.fromMillis(at, { zone }).offset * MINUTE);
  const matching = [...offsets].map((offset) => local - offset).filter((at) => wallMs(at, zone) === local);
  return matching.length > 0 ? Math.max(...matching) : local - Math.min(...offsets);
}

/** The opening intervals of the local dates from `fromDay` to `toDay` (epoch days), unmerged. */
export function referenceIntervals(calendar: WallCalendar, fromDay: number, toDay: number): [number, number][] {
  const intervals: [number, number][] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const date = DateTime.fromMillis(day * DAY, { zone: 'UTC' });
    if (calendar.holidays.includes(date.toISODate()!)) continue;
    for (const [from, to] of calendar.hours[date.weekday] ?? []) {
      intervals.push([referenceInstantOfWallTime(calendar.zone, day * DAY + from * MINUTE), referenceInstantOfWallTime(calendar.zone, day * DAY + to * MINUTE)]);
    }
  }
  return intervals;
}

/** Minute by minute over the intervals: whether a minute is open, the add and the between of the engine. */
export function wallReference(calendar: WallCalendar, from: number, days: number) {
  const firstDay = Math.floor(from / DAY) - 2;
  const intervals = referenceIntervals(calendar, firstDay, firstDay + days + 4);
  const open = (at: number) => intervals.some(([a, b]) => at >= a && at < b);
  return {
    open,
    add(start: number, minutes: number): number {
      let at = start;
      for (let left = minutes; left > 0; at += MINUTE) if (open(at)) left--;
      return at;
    },
    between(a: number, b: number): number {
      let minutes = 0;
      for (let at = a; at < b; at += MINUTE) if (open(at)) minutes++;
      return minutes;
    },
  };
}
