import { DateTime } from 'luxon';
import type { Instant } from './business-time.js';

/**
 * ISO 8601 text ↔ instants. Text with an offset or `Z` names an instant; text
 * without one is a wall-clock time in `zone`.
 */
export function parseInstant(text: string, zone = 'UTC'): Instant | undefined {
  if (text.length > 64) return undefined;
  const parsed = DateTime.fromISO(text, { zone, setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** `2026-03-02T09:00:00Z`, with milliseconds only when there are any. */
export function formatInstant(instant: Instant): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

export function formatInZone(instant: Instant, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? formatInstant(instant);
}
