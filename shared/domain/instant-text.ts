import { DateTime } from 'luxon';
import type { Instant } from './business-time.js';
import { instantOfWallTime } from './wall-time.js';

/**
 * ISO 8601 text ↔ instants. Text with an offset or `Z` names an instant; text
 * without one is a wall-clock time in `zone`, made an instant by the rule of
 * wall-time.ts (a repeated time at its later occurrence, a skipped one moved
 * forward by the gap), whatever the machine's clock or zone.
 */
const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** The common shape, read without luxon (the batch path): date, time to the minute or millisecond, optional offset. */
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

export function parseInstant(text: string, zone = 'UTC'): Instant | undefined {
  if (text.length > 64) return undefined;
  const plain = parsePlain(text, zone);
  if (plain !== undefined) return plain;
  const parsed = DateTime.fromISO(text, { zone: 'UTC', setZone: true });
  if (!parsed.isValid) return undefined;
  // Without an offset luxon read the wall time as UTC: its "UTC" milliseconds are the local milliseconds.
  return OFFSET.test(text) ? parsed.toMillis() : instantOfWallTime(zone, parsed.toMillis());
}

/** `2026-03-02T09:00:00Z`, with milliseconds only when there are any. */
export function formatInstant(instant: Instant): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

export function formatInZone(instant: Instant, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? formatInstant(instant);
}
