import { describe, expect, it } from 'vitest';
import { type HolidayRule, holidayRuleSchema, parseCalendar } from '../../shared/domain/calendar-document.js';
import { addBusinessTime, businessTimeBetween } from '../../shared/domain/business-time.js';
import { easterSunday, epochDayOf, formatIsoDate, nthWeekdayOfMonth, parseIsoDate } from '../../shared/domain/civil-date.js';
import { holidaysOfYear } from '../../shared/domain/holiday-rules.js';
import { supportDirectory } from '../../shared/config/support-config.js';
import { HOUR, iso, utc } from '../support/calendars.js';

const dates = (rules: HolidayRule[], year: number) => [...holidaysOfYear(rules, year)].sort((a, b) => a - b).map(formatIsoDate);
const rule = (input: unknown) => holidayRuleSchema.parse(input);

describe('date arithmetic for holiday rules', () => {
  it('finds Easter Sunday (published dates)', () => {
    const known = { 1818: '1818-03-22', 1943: '1943-04-25', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2038: '2038-04-25', 2285: '2285-03-22' };
    for (const [year, date] of Object.entries(known)) expect(formatIsoDate(easterSunday(Number(year)))).toBe(date);
  });

  it('finds the nth and the last weekday of a month, and no fifth one where there is none', () => {
    expect(formatIsoDate(nthWeekdayOfMonth(2026, 11, 3, 4)!)).toBe('2026-11-26'); // 4th Thursday
    expect(formatIsoDate(nthWeekdayOfMonth(2027, 5, 0, -1)!)).toBe('2027-05-31'); // last Monday
    expect(formatIsoDate(nthWeekdayOfMonth(2027, 12, 4, -1)!)).toBe('2027-12-31'); // last Friday, December
    expect(nthWeekdayOfMonth(2027, 2, 0, 5)).toBeUndefined();
  });
});

const ukRules = supportDirectory().calendars.get('uk-support')!.latest;
const usRules = supportDirectory().calendars.get('us-east-support')!.latest;
const auRules = supportDirectory().calendars.get('au-east-support')!.latest;
const holidaysIn = (calendar: typeof ukRules, year: number) => {
  const found: string[] = [];
  for (let day = epochDayOf(year, 1, 1); day < epochDayOf(year + 1, 1, 1); day++) if (calendar.isHoliday(day) && day % 7 !== 2 && day % 7 !== 3) found.push(formatIsoDate(day));
  return found; // weekdays only (epoch day % 7: 2 = Saturday, 3 = Sunday)
};

describe('the shipped rules give the published holidays', () => {
  it('England and Wales bank holidays, 2026–2028, substitutes included', () => {
    expect(holidaysIn(ukRules, 2026)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']);
    expect(holidaysIn(ukRules, 2027)).toEqual(['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']);
    expect(holidaysIn(ukRules, 2028)).toEqual(['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26']);
  });

  it('US federal-style holidays of the New York desk, with Saturday → Friday across a year end', () => {
    expect(holidaysIn(usRules, 2027)).toEqual(['2027-01-01', '2027-05-31', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24', '2027-12-31']);
    expect(holidaysIn(usRules, 2028)).toEqual(['2028-05-29', '2028-07-04', '2028-09-04', '2028-11-23', '2028-12-25']);
  });

  it('New South Wales public holidays', () => {
    expect(holidaysIn(auRules, 2027)).toEqual(['2027-01-01', '2027-01-26', '2027-03-26', '2027-03-29', '2027-06-14', '2027-10-04', '2027-12-27', '2027-12-28']);
    expect(holidaysIn(auRules, 2028)).toEqual(['2028-01-03', '2028-01-26', '2028-04-14', '2028-04-17', '2028-04-25', '2028-06-12', '2028-10-02', '2028-12-25', '2028-12-26']);
  });
});

describe('holiday rules', () => {
  it('moves a weekend date to the next weekday that is not already a holiday (Christmas on Sunday: Boxing Day Monday, Christmas Tuesday)', () => {
    const rules = [rule({ rule: 'fixed', name: 'Christmas', month: 12, day: 25, weekend: 'next-weekday' }), rule({ rule: 'fixed', name: 'Boxing Day', month: 12, day: 26, weekend: 'next-weekday' })];
    expect(dates(rules, 2022)).toEqual(['2022-12-25', '2022-12-26', '2022-12-27']);
  });

  it('limits a rule to the years it names', () => {
    const jubilee = rule({ rule: 'nth-weekday', name: 'Spring bank holiday', month: 5, weekday: 'mon', nth: -1, until: 2021 });
    expect(dates([jubilee], 2021)).toEqual(['2021-05-31']);
    expect(dates([jubilee], 2022)).toEqual([]);
  });

  it('refuses a date no month has, a year range backwards and an unknown rule', () => {
    expect(() => rule({ rule: 'fixed', name: 'x', month: 2, day: 30 })).toThrow(/no such day/);
    expect(() => rule({ rule: 'easter', name: 'x', offsetDays: 1, from: 2030, until: 2020 })).toThrow(/until is before from/);
    expect(() => rule({ rule: 'lunar', name: 'x' })).toThrow();
  });

  it('adds one-off dates and removes one-off dates from the rules', () => {
    const cal = parseCalendar({
      zone: 'Europe/London',
      week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] },
      holidayRules: [{ rule: 'nth-weekday', name: 'Early May', month: 5, weekday: 'mon', nth: 1 }],
      holidays: ['2027-05-04'],
      removedHolidays: ['2028-05-01'],
    });
    expect(cal.isHoliday(parseIsoDate('2027-05-03')!)).toBe(true);
    expect(cal.isHoliday(parseIsoDate('2027-05-04')!)).toBe(true);
    expect(cal.isHoliday(parseIsoDate('2028-05-01')!)).toBe(false);
    expect(cal.holidaysKnownThrough).toBe(Infinity);
    expect(() => parseCalendar({ zone: 'UTC', week: {}, holidays: ['2027-01-01'], removedHolidays: ['2027-01-01'] })).toThrow(/both a holiday and a removed holiday/);
  });

  it('business time skips rule holidays across a DST change and a year end', () => {
    // Thursday 25 March 2027 17:00 GMT, half an hour before closing; Good Friday, the clocks go forward on Sunday,
    // Easter Monday: the other half hour is Tuesday 30 March from 09:00 BST = 08:00Z.
    expect(iso(addBusinessTime(utc('2027-03-25T17:00:00Z'), HOUR, ukRules))).toBe('2027-03-30T08:30:00.000Z');
    // New York, Thursday 30 December 2027 17:00 EST: Friday 31 December is New Year's Day (observed).
    expect(iso(addBusinessTime(utc('2027-12-30T22:00:00Z'), 2 * HOUR, usRules))).toBe('2028-01-03T14:00:00.000Z');
    // Sydney across Christmas and the year end 2027/28: business days 29, 30, 31 December only.
    expect(businessTimeBetween(utc('2027-12-23T13:00:00Z'), utc('2028-01-04T13:00:00Z'), auRules)).toBe(5 * 8.5 * HOUR);
  });
});
