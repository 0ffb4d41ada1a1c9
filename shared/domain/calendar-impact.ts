import type { BusinessCalendar } from './business-calendar.js';
import type { CalendarHistory } from './calendar-history.js';
import { isOpen } from './case-lifecycle.js';
import { formatIsoDate } from './civil-date.js';
import { wallDayOf } from './wall-time.js';
import { firstResponseDeadline } from './deadlines.js';
import { formatInstant } from './instant-text.js';
import type { CaseStatus } from './support-case.js';
import type { SupportDirectory } from './support-directory.js';
import type { ResponseLevel } from './support-policy.js';

/**
 * A preview of a calendar edit (a new version), changing nothing. Open cases keep
 * the version they were opened under, so the new version changes none of their
 * deadlines; for each, it shows the deadline the new version would have given a
 * case received at the same instant and level, and whether the case was opened
 * on or after the new version takes effect (such a case exists only when the
 * version is added with a date already past). Cases on the 24/7 clock are left
 * out: no calendar moves their deadlines.
 */
export interface CaseUnderCalendar {
  readonly caseNumber: string;
  readonly institution: string;
  readonly responseLevel: ResponseLevel;
  readonly status: CaseStatus;
  readonly createdAt: string;
  readonly firstResponseDueAt: string | null;
  readonly sla: { readonly calendarId: string; readonly calendarVersion: number } | null;
  readonly responded: boolean;
}

export interface CaseImpact {
  readonly caseNumber: string;
  readonly institution: string;
  readonly level: ResponseLevel;
  readonly keepsVersion: number;
  readonly firstResponseDueAt: string;
  readonly openedAfterNewVersionTakesEffect: boolean;
  readonly dueUnderNewVersion: string;
  /** Seconds the new version would move the deadline (positive: later). */
  readonly shiftSeconds: number;
}

export interface CalendarImpact {
  readonly calendar: string;
  readonly newVersion: number;
  readonly effectiveFrom: string | null;
  readonly businessDay: { readonly current: number; readonly new: number };
  readonly openCases: number;
  readonly wouldChange: number;
  readonly cases: readonly CaseImpact[];
}

export function calendarImpact(cases: readonly CaseUnderCalendar[], proposed: BusinessCalendar, current: CalendarHistory, directory: SupportDirectory): CalendarImpact {
  const institutions = new Map([...directory.institutions.values()].filter((institution) => institution.calendarId === current.id).map((institution) => [institution.id, institution]));
  const impacts: CaseImpact[] = [];
  for (const supportCase of cases) {
    // Only cases whose first-response clock still runs: open, covered, not yet answered.
    const due = supportCase.firstResponseDueAt;
    const institution = institutions.get(supportCase.institution);
    const level = directory.policy.levels[supportCase.responseLevel];
    if (!isOpen(supportCase.status) || supportCase.responded || due === null || !institution || level.clock === '24x7') continue;
    const receivedAt = Date.parse(supportCase.createdAt);
    const kept = directory.calendarOfCase(institution, supportCase);
    const underNew = firstResponseDeadline(level, receivedAt, proposed);
    const openedAfter = proposed.effectiveFrom !== null && wallDayOf(proposed.zone, receivedAt) >= proposed.effectiveFrom;
    impacts.push({
      caseNumber: supportCase.caseNumber,
      institution: supportCase.institution,
      level: supportCase.responseLevel,
      keepsVersion: kept.version,
      firstResponseDueAt: due,
      openedAfterNewVersionTakesEffect: openedAfter,
      dueUnderNewVersion: formatInstant(underNew.dueAt),
      shiftSeconds: (underNew.dueAt - Date.parse(due)) / 1000,
    });
  }
  return {
    calendar: current.id,
    newVersion: proposed.version,
    effectiveFrom: proposed.effectiveFrom === null ? null : formatIsoDate(proposed.effectiveFrom),
    businessDay: { current: current.latest.businessDayMs / 3_600_000, new: proposed.businessDayMs / 3_600_000 },
    openCases: impacts.length,
    wouldChange: impacts.filter((impact) => impact.shiftSeconds !== 0).length,
    cases: impacts,
  };
}
