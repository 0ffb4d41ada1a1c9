import type { BusinessCalendar } from '../../shared/domain/business-calendar.js';
import { type CalendarDocument, parseCalendar } from '../../shared/domain/calendar-document.js';

const weekdays = (hours: [string, string][]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

export function calendar(document: CalendarDocument): BusinessCalendar {
  return parseCalendar(document);
}

/** London, 09:00–17:30 with a lunch break 12:30–13:30, Christmas Day off. */
export const london = calendar({
  id: 'london',
  zone: 'Europe/London',
  week: weekdays([
    ['09:00', '12:30'],
    ['13:30', '17:30'],
  ]),
  holidays: ['2026-12-25'],
});

export const newYork = calendar({ id: 'new-york', zone: 'America/New_York', week: weekdays([['08:00', '18:00']]) });

export const sydney = calendar({ id: 'sydney', zone: 'Australia/Sydney', week: weekdays([['08:30', '17:00']]) });

/** Evening and overnight weekend cover in UTC, using 24:00. */
export const weekendNights = calendar({
  id: 'weekend-nights',
  zone: 'UTC',
  week: { sat: [['18:00', '24:00']], sun: [['00:00', '06:00']] },
});

/** Open all day every day in a DST zone, with one holiday: exercises the general path, not the 24/7 shortcut. */
export const londonAllDay = calendar({
  id: 'london-all-day',
  zone: 'Europe/London',
  week: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
  holidays: ['2030-01-01'],
});

export const utc = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
export const iso = (ms: number): string => new Date(ms).toISOString();
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
