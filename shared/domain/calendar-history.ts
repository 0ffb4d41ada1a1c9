import { type BusinessCalendar, compileCalendar } from './business-calendar.js';
import type { CalendarVersion } from './calendar-document.js';
import type { Instant } from './business-time.js';
import { wallDayOf } from './wall-time.js';

/**
 * A calendar over time: a list of versions, each effective from a local date (in
 * its own zone). An edit adds a version; versions are never changed or removed,
 * so a case can keep the version it was opened under for its whole life.
 *
 * Written either as `{ "id", "versions": [ … ] }` or, for a calendar that has
 * never changed, as one version on its own (calendar-history-document.ts validates both spellings).
 */
export interface CalendarHistory {
  readonly id: string;
  /** Oldest first. */
  readonly versions: readonly BusinessCalendar[];
  readonly latest: BusinessCalendar;
  /** The version in effect at an instant (before the first version takes effect: the first). */
  at(instant: Instant): BusinessCalendar;
  /** A version by number. */
  version(number: number): BusinessCalendar | undefined;
}

/** A validated history: its id and its versions, oldest first (what calendarHistorySchema gives). */
export interface CalendarHistoryVersions {
  readonly id: string;
  readonly versions: readonly CalendarVersion[];
}

/** Builds the history from validated versions (no validation here: the schema did it, when reading the file or building the stack). */
export function compileHistory(document: CalendarHistoryVersions): CalendarHistory {
  const versions = document.versions.map((version) => compileCalendar({ ...version, id: document.id }));
  const byNumber = new Map(versions.map((version) => [version.version, version]));
  const latest = versions[versions.length - 1]!;
  return {
    id: document.id,
    versions,
    latest,
    at(instant) {
      for (let i = versions.length - 1; i > 0; i--) {
        const version = versions[i]!;
        if (wallDayOf(version.zone, instant) >= version.effectiveFrom!) return version;
      }
      return versions[0]!;
    },
    version: (number) => byNumber.get(number),
  };
}
