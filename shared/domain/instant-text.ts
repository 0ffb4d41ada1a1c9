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

export function parseInstant(text: string, zone = 'UTC'): Instant | undefined {
  if (text.length > 64) return undefined;
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
