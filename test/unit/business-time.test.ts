import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from '../../shared/domain/business-calendar.js';
import { addBusinessTime, businessTimeBetween, isBusinessTime, nextBusinessInstant } from '../../shared/domain/business-time.js';
import { NoBusinessHoursError } from '../../shared/domain/errors.js';
import { HOUR, MINUTE, calendar, iso, london, londonAllDay, newYork, sydney, utc, weekendNights } from '../support/calendars.js';

const add = (start: string, hours: number, cal = london) => iso(addBusinessTime(utc(start), hours * HOUR, cal));

describe('addBusinessTime', () => {
  it('carries the remainder over a weekend', () => {
    // Friday 16:00 London (GMT): 1.5 h left on Friday, 1.5 h on Monday morning.
    expect(add('2026-11-27T16:00:00Z', 3)).toBe('2026-11-30T10:30:00.000Z');
  });

  it('skips the lunch break', () => {
    expect(add('2026-11-30T12:00:00Z', 1)).toBe('2026-11-30T14:00:00.000Z');
  });

  it('may land exactly on a closing instant (the earliest instant the time has elapsed)', () => {
    expect(add('2026-11-30T09:00:00Z', 3.5)).toBe('2026-11-30T12:30:00.000Z');
    expect(add('2026-11-30T13:30:00Z', 4)).toBe('2026-11-30T17:30:00.000Z');
  });

  it('starts counting at the next opening when started outside hours', () => {
    expect(add('2026-11-28T10:00:00Z', 1)).toBe('2026-11-30T10:00:00.000Z'); // Saturday
    expect(add('2026-11-30T06:00:00Z', 1)).toBe('2026-11-30T10:00:00.000Z'); // before opening
    expect(add('2026-11-30T12:45:00Z', 0.5)).toBe('2026-11-30T14:00:00.000Z'); // during lunch
  });

  it('returns the start itself for a zero duration, even outside hours', () => {
    expect(add('2026-11-28T10:00:00Z', 0)).toBe('2026-11-28T10:00:00.000Z');
    expect(add('2026-11-30T17:30:00Z', 0)).toBe('2026-11-30T17:30:00.000Z');
  });

  it('skips holidays as whole local days', () => {
    // Thursday 24 December 17:00: half an hour left, Friday is Christmas Day, the weekend, then Monday.
    expect(add('2026-12-24T17:00:00Z', 1)).toBe('2026-12-28T09:30:00.000Z');
  });

  it('counts through a 24:00 end into the next day', () => {
    expect(add('2026-11-28T23:00:00Z', 2, weekendNights)).toBe('2026-11-29T01:00:00.000Z');
    // Landing on Saturday's 24:00 closing, which is also Sunday's 00:00 opening.
    expect(add('2026-11-28T22:00:00Z', 2, weekendNights)).toBe('2026-11-29T00:00:00.000Z');
    expect(add('2026-11-29T05:00:00Z', 2, weekendNights)).toBe('2026-12-05T19:00:00.000Z');
  });

  it('follows London wall-clock hours across both DST changes', () => {
    // Spring forward on Sunday 29 March 2026: Friday 16:30 GMT leaves 1 h, Monday opens at 09:00 BST = 08:00Z.
    expect(add('2026-03-27T16:30:00Z', 2)).toBe('2026-03-30T09:00:00.000Z');
    // Fall back on Sunday 25 October 2026: Friday 16:30 BST = 15:30Z, Monday opens at 09:00 GMT = 09:00Z.
    expect(add('2026-10-23T15:30:00Z', 2)).toBe('2026-10-26T10:00:00.000Z');
  });

  it('follows New York wall-clock hours across both DST changes', () => {
    expect(add('2026-03-06T22:00:00Z', 2, newYork)).toBe('2026-03-09T13:00:00.000Z'); // EST Friday → EDT Monday
    expect(add('2026-10-30T21:00:00Z', 2, newYork)).toBe('2026-11-02T14:00:00.000Z'); // EDT Friday → EST Monday
  });

  it('follows Sydney wall-clock hours across both DST changes', () => {
    // DST ends Sunday 5 April 2026: Friday 16:00 AEDT = 05:00Z; Monday 08:30 AEST = Sunday 22:30Z.
    expect(add('2026-04-03T05:00:00Z', 2, sydney)).toBe('2026-04-05T23:30:00.000Z');
    // DST starts Sunday 4 October 2026: Friday 16:00 AEST = 06:00Z; Monday 08:30 AEDT = Sunday 21:30Z.
    expect(add('2026-10-02T06:00:00Z', 2, sydney)).toBe('2026-10-04T22:30:00.000Z');
  });

  it('counts a DST-change day as the wall clock says: 23 hours in spring, 25 in autumn', () => {
    const sundays = calendar({ id: 'sundays', zone: 'Europe/London', week: { sun: [['00:00', '24:00']] } });
    expect(businessTimeBetween(utc('2026-03-28T00:00:00Z'), utc('2026-04-01T00:00:00Z'), sundays)).toBe(23 * HOUR);
    expect(businessTimeBetween(utc('2026-10-24T00:00:00Z'), utc('2026-10-28T00:00:00Z'), sundays)).toBe(25 * HOUR);
    expect(add('2026-03-28T12:00:00Z', 23, sundays)).toBe('2026-03-29T23:00:00.000Z'); // Monday 00:00 BST
    expect(add('2026-10-24T12:00:00Z', 25, sundays)).toBe('2026-10-26T00:00:00.000Z'); // Monday 00:00 GMT
    const sydneySundays = calendar({ id: 'sydney-sundays', zone: 'Australia/Sydney', week: { sun: [['00:00', '24:00']] } });
    expect(businessTimeBetween(utc('2026-04-01T00:00:00Z'), utc('2026-04-08T00:00:00Z'), sydneySundays)).toBe(25 * HOUR);
    expect(businessTimeBetween(utc('2026-10-01T00:00:00Z'), utc('2026-10-08T00:00:00Z'), sydneySundays)).toBe(23 * HOUR);
    // The general path agrees with plain addition when a zone's every day is open.
    expect(add('2026-10-24T12:00:00Z', 48, londonAllDay)).toBe('2026-10-26T12:00:00.000Z');
  });

  it('moves a wall-clock time skipped by spring-forward forward by the gap', () => {
    const skipped = calendar({ id: 'night', zone: 'Europe/London', week: { sun: [['01:30', '03:00']] } });
    // 01:30 does not exist on 29 March 2026; it becomes 02:30 BST = 01:30Z. 03:00 BST = 02:00Z.
    expect(iso(nextBusinessInstant(utc('2026-03-29T00:00:00Z'), skipped))).toBe('2026-03-29T01:30:00.000Z');
    expect(businessTimeBetween(utc('2026-03-29T00:00:00Z'), utc('2026-03-30T00:00:00Z'), skipped)).toBe(30 * MINUTE);
    // On an ordinary Sunday the range is 90 minutes.
    expect(businessTimeBetween(utc('2026-03-22T00:00:00Z'), utc('2026-03-23T00:00:00Z'), skipped)).toBe(90 * MINUTE);
  });

  it('handles a duration of many years by walking days, not minutes', () => {
    const start = utc('2026-01-05T09:00:00Z');
    const end = addBusinessTime(start, 10_000 * HOUR, london);
    expect(businessTimeBetween(start, end, london)).toBe(10_000 * HOUR);
  });

  it('is plain addition on the 24/7 clock', () => {
    expect(add('2026-12-25T23:30:00Z', 1, ALWAYS_OPEN)).toBe('2026-12-26T00:30:00.000Z');
  });

  it('refuses a calendar with no opening hours instead of looping', () => {
    const closed = calendar({ id: 'closed', zone: 'UTC', week: {} });
    expect(() => addBusinessTime(utc('2026-01-01T00:00:00Z'), HOUR, closed)).toThrow(NoBusinessHoursError);
    expect(() => addBusinessTime(utc('2026-01-01T00:00:00Z'), HOUR, closed)).toThrow(/calendar 'closed' has no opening hours/);
    expect(() => nextBusinessInstant(utc('2026-01-01T00:00:00Z'), closed)).toThrow(NoBusinessHoursError);
    expect(addBusinessTime(utc('2026-01-01T00:00:00Z'), 0, closed)).toBe(utc('2026-01-01T00:00:00Z'));
    expect(businessTimeBetween(utc('2026-01-01T00:00:00Z'), utc('2026-02-01T00:00:00Z'), closed)).toBe(0);
  });

  it('refuses negative or non-finite durations', () => {
    expect(() => addBusinessTime(utc('2026-01-01T00:00:00Z'), -1, london)).toThrow(/non-negative/);
    expect(() => addBusinessTime(Number.NaN, HOUR, london)).toThrow(/finite/);
  });
});

describe('isBusinessTime', () => {
  it('treats opening hours as half-open', () => {
    expect(isBusinessTime(utc('2026-11-30T09:00:00Z'), london)).toBe(true);
    expect(isBusinessTime(utc('2026-11-30T08:59:59.999Z'), london)).toBe(false);
    expect(isBusinessTime(utc('2026-11-30T12:30:00Z'), london)).toBe(false);
    expect(isBusinessTime(utc('2026-11-30T13:30:00Z'), london)).toBe(true);
    expect(isBusinessTime(utc('2026-11-30T17:29:59.999Z'), london)).toBe(true);
    expect(isBusinessTime(utc('2026-11-30T17:30:00Z'), london)).toBe(false);
  });

  it('is false all day on a holiday and at the weekend', () => {
    expect(isBusinessTime(utc('2026-12-25T11:00:00Z'), london)).toBe(false);
    expect(isBusinessTime(utc('2026-11-28T11:00:00Z'), london)).toBe(false);
  });

  it('uses the local date of the zone, not the UTC date', () => {
    // Monday 09:00 in Sydney is Sunday 22:00Z.
    expect(isBusinessTime(utc('2026-11-29T22:00:00Z'), sydney)).toBe(true);
    expect(isBusinessTime(utc('2026-11-29T21:29:59Z'), sydney)).toBe(false);
  });

  it('keeps a 24:00 end exclusive and the next midnight opening inclusive', () => {
    expect(isBusinessTime(utc('2026-11-28T23:59:59.999Z'), weekendNights)).toBe(true);
    expect(isBusinessTime(utc('2026-11-29T00:00:00Z'), weekendNights)).toBe(true);
    expect(isBusinessTime(utc('2026-11-29T06:00:00Z'), weekendNights)).toBe(false);
  });
});

describe('nextBusinessInstant', () => {
  it('returns t itself inside business time', () => {
    expect(iso(nextBusinessInstant(utc('2026-11-30T10:15:00Z'), london))).toBe('2026-11-30T10:15:00.000Z');
  });

  it('returns the next opening otherwise', () => {
    expect(iso(nextBusinessInstant(utc('2026-11-30T12:30:00Z'), london))).toBe('2026-11-30T13:30:00.000Z');
    expect(iso(nextBusinessInstant(utc('2026-11-27T17:30:00Z'), london))).toBe('2026-11-30T09:00:00.000Z');
    expect(iso(nextBusinessInstant(utc('2026-12-24T18:00:00Z'), london))).toBe('2026-12-28T09:00:00.000Z');
  });
});

describe('businessTimeBetween', () => {
  it('is zero when b ≤ a', () => {
    expect(businessTimeBetween(utc('2026-11-30T12:00:00Z'), utc('2026-11-30T10:00:00Z'), london)).toBe(0);
    expect(businessTimeBetween(utc('2026-11-30T10:00:00Z'), utc('2026-11-30T10:00:00Z'), london)).toBe(0);
  });

  it('counts only opening hours inside [a, b)', () => {
    expect(businessTimeBetween(utc('2026-11-30T12:00:00Z'), utc('2026-11-30T14:00:00Z'), london)).toBe(HOUR);
    // Thursday 24 Dec to Tuesday 29 Dec: Thursday and Monday, 7.5 h each.
    expect(businessTimeBetween(utc('2026-12-24T00:00:00Z'), utc('2026-12-29T00:00:00Z'), london)).toBe(15 * HOUR);
  });
});
