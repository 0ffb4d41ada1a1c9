import type { Instant } from './business-time.js';
import type { CalendarHistory } from './calendar-history.js';
import { formatIsoDate } from './civil-date.js';
import { wallDayOf } from './wall-time.js';

/**
 * Calendars that will run out of holiday information soon: for each version in
 * effect at some point in the next `days` days (from `now`, in the version's
 * zone), the holidays must be known up to the day that version stops applying
 * or the window ends. Rules are known for every year; a list of dates is taken
 * to cover the years it names. Calendars that never open, or are open around
 * the clock without holidays, need none.
 */
export interface HolidayCoverageWarning {
  readonly calendarId: string;
  readonly version: number;
  /** The last local date with holiday information, null when the version has none at all. */
  readonly knownThrough: string | null;
  /** The last local date the version needs holiday information for. */
  readonly neededThrough: string;
  readonly message: string;
}

export function holidayCoverageWarnings(calendars: Iterable<CalendarHistory>, now: Instant, days = 365): HolidayCoverageWarning[] {
  const warnings: HolidayCoverageWarning[] = [];
  for (const history of calendars) {
    const current = history.at(now);
    history.versions.forEach((version, i) => {
      const today = wallDayOf(version.zone, now);
      const windowEnd = today + days - 1;
      const inEffectLater = version.effectiveFrom !== null && version.effectiveFrom > today && version.effectiveFrom <= windowEnd;
      if (version !== current && !inEffectLater) return;
      if (!version.everOpen || version.alwaysOpen) return;
      const next = history.versions[i + 1];
      const neededThrough = next?.effectiveFrom != null ? Math.min(windowEnd, next.effectiveFrom - 1) : windowEnd;
      const known = version.holidaysKnownThrough;
      if (known !== null && known >= neededThrough) return;
      const knownText = known === null ? null : formatIsoDate(known);
      warnings.push({
        calendarId: history.id,
        version: version.version,
        knownThrough: knownText,
        neededThrough: formatIsoDate(neededThrough),
        message: `calendar '${history.id}' version ${version.version} has ${knownText === null ? 'no holiday information' : `holiday information only through ${knownText}`}; it is in effect through ${formatIsoDate(neededThrough)} or later: add holiday rules or dates (a new version)`,
      });
    });
  }
  return warnings;
}
