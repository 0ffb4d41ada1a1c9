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
