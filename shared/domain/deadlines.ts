import type { BusinessCalendar } from './business-calendar.js';
import { ALWAYS_OPEN } from './business-calendar.js';
import { type DurationMs, type Instant, addBusinessTime, businessTimeBetween } from './business-time.js';
import { formatIsoDate } from './civil-date.js';
import { wallDayOf } from './wall-time.js';
import type { Clock, RequestType, ResponseLevel } from './policy-terms.js';
import { type CaseClassification, responseLevelFor } from './response-level.js';
import type { LevelPolicy, SupportPolicy } from './support-policy.js';

/** What support does with a request, decided by its type. */
export type CoverageOutcome =
  | { readonly covered: true; readonly route: 'support' }
  | { readonly covered: true; readonly route: 'ideas-exchange'; readonly message: string; readonly link: string }
  | { readonly covered: false; readonly route: 'ideas-exchange'; readonly message: string; readonly link: string }
  | {
      readonly covered: false;
      readonly route: 'account-manager';
      readonly message: string;
      /** Request date in the institution's zone plus the recommended lead time. */
      readonly earliestProjectStart: string;
    };

export interface FirstResponseDeadline {
  readonly clock: Clock;
  /** The target as business (or wall-clock) time, in ms. */
  readonly targetMs: DurationMs;
  readonly dueAt: Instant;
  readonly warningAt: Instant;
  /** The calendar the instants were computed with; editing a calendar bumps its version. */
  readonly calendarId: string;
  readonly calendarVersion: number;
}

export interface CaseSla {
  readonly responseLevel: ResponseLevel;
  readonly coverage: CoverageOutcome;
  /** Null when support does not cover the request: no clock runs. */
  readonly firstResponse: FirstResponseDeadline | null;
}

export function coverageFor(
  requestType: RequestType,
  receivedAt: Instant,
  calendar: BusinessCalendar,
  policy: SupportPolicy,
): CoverageOutcome {
  switch (requestType) {
    case 'query':
    case 'defect':
      return { covered: true, route: 'support' };
    case 'enhancement':
      return { covered: true, route: 'ideas-exchange', message: policy.ideasExchange.enhancementMessage, link: policy.ideasExchange.url };
    case 'new-integration':
      return { covered: false, route: 'ideas-exchange', message: policy.ideasExchange.newIntegrationMessage, link: policy.ideasExchange.url };
    case 'ux-redesign': {
      // Whole local dates: the request date in the institution's zone plus the lead time in days.
      const requestDay = wallDayOf(calendar.zone, receivedAt);
      const leadDays = Math.ceil(policy.accountManager.leadTime / 86_400_000);
      return {
        covered: false,
        route: 'account-manager',
        message: policy.accountManager.message,
        earliestProjectStart: formatIsoDate(requestDay + leadDays),
      };
    }
  }
}

/** The calendar a level's clock runs on for an institution. */
export function clockCalendar(level: LevelPolicy, institutionCalendar: BusinessCalendar): BusinessCalendar {
  return level.clock === '24x7' ? ALWAYS_OPEN : institutionCalendar;
}

export function targetMs(level: LevelPolicy, calendar: BusinessCalendar): DurationMs {
  return 'minutes' in level.target ? level.target.minutes * 60_000 : Math.round(level.target.businessDays * calendar.businessDayMs);
}

export function firstResponseDeadline(
  level: LevelPolicy,
  receivedAt: Instant,
  institutionCalendar: BusinessCalendar,
): FirstResponseDeadline {
  const calendar = clockCalendar(level, institutionCalendar);
  const target = targetMs(level, institutionCalendar);
  return {
    clock: level.clock,
    targetMs: target,
    dueAt: addBusinessTime(receivedAt, target, calendar),
    warningAt: addBusinessTime(receivedAt, Math.round(target * level.warningAt), calendar),
    calendarId: calendar.id,
    calendarVersion: calendar.version,
  };
}

/** Level, coverage and first-response deadline of a case received at `receivedAt`. */
export function slaForCase(
  classification: CaseClassification,
  receivedAt: Instant,
  institutionCalendar: BusinessCalendar,
  policy: SupportPolicy,
): CaseSla {
  const responseLevel = responseLevelFor(classification);
  const coverage = coverageFor(classification.requestType, receivedAt, institutionCalendar, policy);
  return {
    responseLevel,
    coverage,
    firstResponse: coverage.covered ? firstResponseDeadline(policy.levels[responseLevel], receivedAt, institutionCalendar) : null,
  };
}

/** Time from `from` to `to` in the level's clock: wall-clock for 24/7 levels, business time otherwise. */
export function elapsedInClock(level: LevelPolicy, from: Instant, to: Instant, institutionCalendar: BusinessCalendar): DurationMs {
  return businessTimeBetween(from, to, clockCalendar(level, institutionCalendar));
}
