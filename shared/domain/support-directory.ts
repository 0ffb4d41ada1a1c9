import type { BusinessCalendar } from './business-calendar.js';
import type { Instant } from './business-time.js';
import { type CalendarHistory, type CalendarHistoryVersions, compileHistory } from './calendar-history.js';
import { ConfigurationError } from './errors.js';
import type { SupportPolicy } from './support-policy.js';

/**
 * The support configuration: policy, business calendars and the institutions
 * that map to them. One document (support-config-document.ts validates it),
 * compiled here the same way for the local runtime, the CLI and the Lambda
 * functions (which get it as validated when the stack was built).
 */
export interface Institution {
  readonly id: string;
  readonly name: string;
  readonly calendarId: string;
  /** Whether the institution runs its own Connect Layer (support then needs remote access to it). */
  readonly connectLayer: 'hosted' | 'local';
  /** Addresses that get every customer mail about the institution's cases and may reply to them. */
  readonly watchers: readonly string[];
  /** The institution's own mail domains: a message from one that names no case gets one reply saying how to open a case. */
  readonly emailDomains: readonly string[];
}

export interface SupportDirectory {
  readonly policy: SupportPolicy;
  readonly institutions: ReadonlyMap<string, Institution>;
  readonly calendars: ReadonlyMap<string, CalendarHistory>;
  /** The calendar history of an institution. */
  historyOf(institution: Institution): CalendarHistory;
  /** The version of an institution's calendar that a case received at `at` is opened under. */
  calendarAt(institution: Institution, at: Instant): BusinessCalendar;
  /**
   * The version a case runs on for its whole life: the one recorded on it, or (for a case whose
   * record names another calendar, such as the 24/7 clock) the one in effect when it was opened.
   */
  calendarOfCase(institution: Institution, supportCase: CaseCalendarRecord): BusinessCalendar;
}

/** What a case records about its calendar. */
export interface CaseCalendarRecord {
  readonly createdAt: string;
  readonly sla: { readonly calendarId: string; readonly calendarVersion: number } | null;
}

/** The validated document (what support-config-document.ts's schema gives): plain JSON data. */
export interface SupportConfiguration {
  readonly policy: SupportPolicy;
  readonly calendars: readonly CalendarHistoryVersions[];
  /** As written: the calendar by its id, watchers in any case. */
  readonly institutions: readonly (Omit<Institution, 'calendarId'> & { readonly calendar: string })[];
}

/** Builds the directory from the validated document (no validation here: the schema did it). */
export function compileSupportDirectory(config: SupportConfiguration): SupportDirectory {
  const calendars = new Map(config.calendars.map((document) => [document.id, compileHistory(document)]));
  const institutions = new Map(
    config.institutions.map((i) => [i.id, { id: i.id, name: i.name, calendarId: i.calendar, connectLayer: i.connectLayer, watchers: i.watchers.map((w) => w.toLowerCase()), emailDomains: i.emailDomains }] as const),
  );
  const historyOf = (institution: Institution): CalendarHistory => {
    const history = calendars.get(institution.calendarId);
    if (!history) throw new ConfigurationError('invalid support configuration', [{ field: 'institutions', message: `unknown calendar '${institution.calendarId}'` }]);
    return history;
  };
  return {
    policy: config.policy,
    institutions,
    calendars,
    historyOf,
    calendarAt: (institution, at) => historyOf(institution).at(at),
    calendarOfCase: (institution, supportCase) => {
      const history = historyOf(institution);
      const recorded = supportCase.sla?.calendarId === history.id ? history.version(supportCase.sla.calendarVersion) : undefined;
      return recorded ?? history.at(Date.parse(supportCase.createdAt));
    },
  };
}
