import ICAL from 'ical.js';
import { type EpochDay, epochDayOf, formatIsoDate } from './civil-date.js';
import { ConfigurationError } from './errors.js';

/**
 * Holidays from an iCalendar (.ics) feed, read with ical.js (Mozilla's parser:
 * RFC 5545 line folding, escaping, multi-day events, RRULE/RDATE/EXDATE).
 * Every day an event covers is a holiday: an all-day event from DTSTART up to
 * (not including) DTEND; a timed event on the date its start is written with.
 * Cancelled events are left out; recurring events are expanded within the years
 * asked for. The result is dates with names, for a calendar version's `holidays`.
 */
export interface ImportedHoliday {
  readonly date: string;
  readonly name: string;
}

const MAX_DAYS_PER_EVENT = 366;
const MAX_OCCURRENCES = 10_000;

export function holidaysFromIcs(text: string, years: { readonly from: number; readonly to: number }): ImportedHoliday[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw new ConfigurationError('invalid iCalendar feed', [{ field: 'ics', message: (error as Error).message }]);
  }
  const first = epochDayOf(years.from, 1, 1);
  const last = epochDayOf(years.to, 12, 31);
  const found = new Map<EpochDay, string>();
  const dayOf = (time: ICAL.Time) => epochDayOf(time.year, time.month, time.day);

  const addOccurrence = (start: ICAL.Time, end: ICAL.Time | null, name: string) => {
    const from = dayOf(start);
    // An all-day event's DTEND is the day after its last day; a missing or empty one means one day.
    const until = end && start.isDate ? Math.max(from, dayOf(end) - 1) : from;
    for (let day = from; day <= Math.min(until, from + MAX_DAYS_PER_EVENT); day++) {
      if (day >= first && day <= last && !found.has(day)) found.set(day, name);
    }
  };

  for (const component of root.getAllSubcomponents('vevent')) {
    if (String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') continue;
    const event = new ICAL.Event(component);
    if (!event.startDate) continue;
    const name = event.summary || 'holiday';
    if (!event.isRecurring()) {
      addOccurrence(event.startDate, event.endDate ?? null, name);
      continue;
    }
    const length = event.endDate && event.startDate.isDate ? dayOf(event.endDate) - dayOf(event.startDate) : 1;
    const iterator = event.iterator();
    for (let i = 0, next = iterator.next(); next && i < MAX_OCCURRENCES; i++, next = iterator.next()) {
      if (dayOf(next) > last) break;
      const end = next.clone();
      end.day += Math.max(1, length);
      addOccurrence(next, next.isDate ? end : null, name);
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([day, name]) => ({ date: formatIsoDate(day), name }));
}
