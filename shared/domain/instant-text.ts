import type { Instant } from './business-time.js';
import { MS_PER_DAY, weekdayIndex } from './civil-date.js';
import { instantOfWallTime, isValidZone, offsetAt } from './wall-time.js';

/**
 * ISO 8601 text ↔ instants. Text with an offset or `Z` names an instant; text
 * without one is a wall-clock time in `zone`, made an instant by the rule of
 * wall-time.ts (a repeated time at its later occurrence, a skipped one moved
 * forward by the gap), whatever the machine's clock or zone.
 */

/** The common shape, read first (the batch path): date, time to the minute or millisecond, optional offset. */
const PLAIN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

function parsePlain(text: string, zone: string): Instant | undefined {
  const m = PLAIN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Number((m[7] ?? '0').padEnd(3, '0')));
  if (new Date(local).getUTCDate() !== day || year < 1000) return undefined; // 31 April, or a year Date.UTC reads otherwise
  if (m[8]) return local;
  if (m[9]) {
    const offset = (Number(m[10]) * 60 + Number(m[11])) * 60_000;
    return m[9] === '+' ? local - offset : local + offset;
  }
  return instantOfWallTime(zone, local);
}

/**
 * The rest of ISO 8601, in its extended and basic forms: a calendar date (`2026-03-02`, `20260302`, `2026-03`,
 * `2026`, `+012026-03-02`), a week date (`2026-W10-1`) or an ordinal date (`2026-061`), optionally followed by `T` and
 * a time (`09`, `0930`, `09:30:15,5`, `24:00`) with an optional offset (`Z`, `+01`, `+0100`, `+01:00`). A fraction of
 * a second beyond milliseconds is cut off. A time with no date, and a zone name in brackets, are not read.
 */
const ISO =
  /^(?:([+-]\d{6}|\d{4})(?:-?(\d\d)(?:-?(\d\d))?)?|(\d{4})-?W(\d\d)(?:-?(\d))?|(\d{4})-?(\d{3}))(?:[Tt](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d{1,30}))?)?)?(?:([Zz])|([+-]\d\d)(?::?(\d\d))?)?)?$/;

const ENDS_LIKE_AN_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Local milliseconds (a wall time written as if UTC) of a day and a time of day; undefined if the time is not one.
 * `24:00` is the next midnight, except in the years 0–99, where it has always been read as the same day's.
 */
function localMs(day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (hour === 24 && minute === 0 && second === 0 && ms === 0) {
    const year = new Date(day * MS_PER_DAY).getUTCFullYear();
    return year >= 0 && year < 100 ? day * MS_PER_DAY : (day + 1) * MS_PER_DAY;
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return day * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** The epoch day of a Gregorian date (years 0–99 as such, not as 1900–1999); undefined if there is no such date. */
function calendarDay(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 ? Math.round(date.getTime() / MS_PER_DAY) : undefined;
}

/** Monday of ISO week 1: the week holding 4 January. */
function weekOneMonday(year: number): number {
  const jan4 = calendarDay(year, 1, 4)!;
  return jan4 - weekdayIndex(jan4);
}

function isoDay(m: RegExpExecArray): number | undefined {
  if (m[1] !== undefined) return calendarDay(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1));
  if (m[4] !== undefined) {
    const year = Number(m[4]);
    const [week, weekday] = [Number(m[5]), Number(m[6] ?? 1)];
    const weeks = (weekOneMonday(year + 1) - weekOneMonday(year)) / 7;
    return week >= 1 && week <= weeks && weekday >= 1 && weekday <= 7 ? weekOneMonday(year) + (week - 1) * 7 + weekday - 1 : undefined;
  }
  const year = Number(m[7]);
  const ordinal = Number(m[8]);
  const first = calendarDay(year, 1, 1)!;
  return ordinal >= 1 && ordinal <= calendarDay(year + 1, 1, 1)! - first ? first + ordinal - 1 : undefined;
}

function parseIso(text: string, zone: string): Instant | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const day = isoDay(m);
  if (day === undefined) return undefined;
  const fraction = m[12] === undefined ? 0 : Math.floor(Number.parseFloat(`0.${m[12]}`) * 1000);
  const local = localMs(day, Number(m[9] ?? 0), Number(m[10] ?? 0), Number(m[11] ?? 0), fraction);
  if (local === undefined || Math.abs(local) > 8.64e15) return undefined;
  if (m[13]) return local;
  if (m[14] !== undefined) {
    const hours = Number.parseInt(m[14], 10);
    const minutes = Number(m[15] ?? 0);
    return local - (hours * 60 + (m[14].startsWith('-') ? -minutes : minutes)) * 60_000;
  }
  // Kept as it has always been read: text that merely ends like an offset (the `-02` of `2026-03-02`, `2026-03`)
  // is taken as UTC rather than as a wall time in the zone.
  return ENDS_LIKE_AN_OFFSET.test(text) ? local : instantOfWallTime(zone, local);
}

export function parseInstant(text: string, zone = 'UTC'): Instant | undefined {
  if (text.length > 64) return undefined;
  return parsePlain(text, zone) ?? parseIso(text, zone);
}

/** `2026-03-02T09:00:00Z`, with milliseconds only when there are any. */
export function formatInstant(instant: Instant): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

const pad = (n: number, width = 2) => (n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0'));

/**
 * The instant as the zone's wall clock with its offset: `2026-03-02T09:00:00+00:00` (`Z` for the zone `UTC` or
 * `GMT`), with milliseconds only when there are any; an unknown zone gives formatInstant's text.
 */
export function formatInZone(instant: Instant, zone: string): string {
  const offset = isValidZone(zone) ? offsetAt(zone, instant) : Number.NaN;
  const wall = new Date(instant + offset);
  if (Number.isNaN(wall.getTime())) return formatInstant(instant);
  const year = wall.getUTCFullYear();
  const date = year > 9999 || year < 0 ? `${year < 0 ? '' : '+'}${pad(year, 6)}` : pad(year, 4);
  const ms = wall.getUTCMilliseconds();
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`;
  const minutes = offset / 60_000;
  const suffix = /^(?:utc|gmt)$/i.test(zone)
    ? 'Z'
    : `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes / 60)))}:${pad(Math.trunc(Math.abs(minutes % 60)))}`;
  return `${date}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${time}${suffix}`;
}
