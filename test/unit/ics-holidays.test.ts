import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/domain/errors.js';
import { holidaysFromIcs } from '../../shared/domain/ics-holidays.js';

const feed = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', `UID:${Math.random()}@test`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');

describe('holidays from an iCalendar feed', () => {
  it('takes every day of all-day events, expands yearly rules without their exceptions, and leaves out cancelled events', () => {
    const text = feed(
      event('DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261226', 'RRULE:FREQ=YEARLY', 'EXDATE;VALUE=DATE:20271225', 'SUMMARY:Christmas'),
      event('DTSTART;VALUE=DATE:20271229', 'DTEND;VALUE=DATE:20280102', 'SUMMARY:Shutdown'),
      event('DTSTART;VALUE=DATE:20270604', 'STATUS:CANCELLED', 'SUMMARY:Offsite'),
      event('DTSTART;VALUE=DATE:20270301', 'SUMMARY:St David'), // no DTEND: one day
    );
    expect(holidaysFromIcs(text, { from: 2027, to: 2028 })).toEqual([
      { date: '2027-03-01', name: 'St David' },
      { date: '2027-12-29', name: 'Shutdown' },
      { date: '2027-12-30', name: 'Shutdown' },
      { date: '2027-12-31', name: 'Shutdown' },
      { date: '2028-01-01', name: 'Shutdown' },
      { date: '2028-12-25', name: 'Christmas' },
    ]);
  });

  it('reads folded lines and escapes, and a timed event on the date it is written with', () => {
    const text = feed(event('DTSTART;TZID=Australia/Sydney:20270125T090000', 'DTEND;TZID=Australia/Sydney:20270125T170000', 'SUMMARY:Staff day\\, all', ' offices'));
    expect(holidaysFromIcs(text, { from: 2027, to: 2027 })).toEqual([{ date: '2027-01-25', name: 'Staff day, alloffices' }]);
  });

  it('reads the example feed of the README', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'holidays.ics'), 'utf8');
    expect(holidaysFromIcs(text, { from: 2026, to: 2026 })).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);
  });

  it('refuses text that is not iCalendar, naming the problem', () => {
    expect(() => holidaysFromIcs('BEGIN:VCALENDAR\r\nthis is not a content line\r\n', { from: 2027, to: 2027 })).toThrow(ConfigurationError);
  });
});
