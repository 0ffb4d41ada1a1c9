import { type EpochDay, MS_PER_DAY } from './civil-date.js';

/**
 * Wall-clock times in an IANA zone → instants, by one documented rule that
 * depends on nothing but the zone's rules (never on the machine's clock or zone):
 * - a wall time that happens twice (a fall-back change) is taken at its later occurrence;
 * - a wall time that never happens (a spring-forward gap) moves forward by the length of the gap.
 *
 * "Local milliseconds" are a wall time written as if it were UTC: epochDay × 86,400,000 plus the
 * milliseconds after local midnight.
 */
export type LocalMs = number;

/** One formatter per zone, made on first use (null: not a zone this runtime knows). */
const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatOf(zone: string): Intl.DateTimeFormat | null {
  let format = formats.get(zone);
  if (format === undefined) {
    if (!isValidZone(zone)) return null; // not kept: only real zones (a few hundred) are cached
    format = new Intl.DateTimeFormat('en-US', {
      hour12: false,
      timeZone: zone,
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, format);
  }
  return format;
}

/** Whether this runtime knows the IANA zone (as Intl does: `Europe/London`, `UTC`; never an empty name). */
export function isValidZone(zone: string): boolean {
  if (!zone) return false;
  if (formats.get(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's offset at an instant, in ms, from its wall clock at the instant's whole second (NaN for an unknown
 * zone): the wall-clock fields read as if they were UTC, minus the instant.
 */
function zoneOffset(zone: string, instant: number): number {
  const format = formatOf(zone);
  if (!format || !(Math.abs(instant) <= 8.64e15)) return Number.NaN; // beyond what a Date can hold, or NaN
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const { type, value } of format.formatToParts(instant)) {
    if (type === 'year') year = Number(value);
    else if (type === 'month') month = Number(value);
    else if (type === 'day') day = Number(value);
    else if (type === 'hour') hour = Number(value) % 24; // some ICU versions write midnight as 24
    else if (type === 'minute') minute = Number(value);
    else if (type === 'second') second = Number(value);
    else if (type === 'era') bc = value === 'BC';
  }
  if (bc) year = 1 - year;
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year >= 0 && year < 100) wall.setUTCFullYear(year, month - 1, day); // Date.UTC reads 0–99 as 1900–1999
  const over = instant % 1000;
  return wall.getTime() - (instant - (over >= 0 ? over : 1000 + over));
}

const OFFSET_CACHE_LIMIT = 100_000;
/** Per zone: UTC day → the offset that holds all that day (days with a change are not kept). */
const steadyDays = new Map<string, Map<number, number>>();

/** The zone's UTC offset at an instant, in ms (deterministic: a function of the instant alone). */
export function offsetAt(zone: string, instant: number): number {
  let days = steadyDays.get(zone);
  if (!days) {
    days = new Map();
    steadyDays.set(zone, days);
  }
  const day = Math.floor(instant / MS_PER_DAY);
  const steady = days.get(day);
  if (steady !== undefined) return steady;
  const atStart = zoneOffset(zone, day * MS_PER_DAY);
  // Zones change their offset at most once a day: equal offsets at both ends mean none in between.
  if (zoneOffset(zone, (day + 1) * MS_PER_DAY - 1) !== atStart) return zoneOffset(zone, instant);
  if (days.size >= OFFSET_CACHE_LIMIT) days.clear();
  days.set(day, atStart);
  return atStart;
}

/**
 * The instant of a wall time. Zone rules never change the offset twice within two days, so the
 * offsets a day before and a day after are the only two candidates; each is kept only if the zone
 * really has that offset at the instant it gives.
 */
export function instantOfWallTime(zone: string, local: LocalMs): number {
  const before = offsetAt(zone, local - MS_PER_DAY);
  const after = offsetAt(zone, local + MS_PER_DAY);
  if (before === after && offsetAt(zone, local - before) === before) return local - before;
  const early = local - before;
  const late = local - after;
  const earlyValid = offsetAt(zone, early) === before;
  const lateValid = offsetAt(zone, late) === after;
  if (earlyValid && lateValid) return Math.max(early, late); // repeated: the later occurrence
  if (earlyValid) return early;
  if (lateValid) return late;
  // Skipped: read with the offset in force before the gap, which lands as far past the gap's end
  // as the wall time was past its start.
  return early;
}

/** The local date an instant falls on in the zone (by its wall clock). */
export function wallDayOf(zone: string, instant: number): EpochDay {
  return Math.floor((instant + offsetAt(zone, instant)) / MS_PER_DAY);
}
