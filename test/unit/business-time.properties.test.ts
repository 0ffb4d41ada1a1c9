import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, WEEKDAYS } from '../../shared/domain/business-calendar.js';
import type { CalendarDocument } from '../../shared/domain/calendar-document.js';
import { addBusinessTime, businessTimeBetween, isBusinessTime, nextBusinessInstant } from '../../shared/domain/business-time.js';
import { HOUR, MINUTE, calendar, london, londonAllDay, newYork, sydney, weekendNights } from '../support/calendars.js';
import { type ReferenceCalendar, isOpenMinute, referenceAdd } from '../support/reference-time.js';

const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'Pacific/Chatham'];
const RUNS = 10_000;

const hhmm = (minutes: number) => (minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);

/** Up to three ordered, disjoint ranges in a day, on a 15-minute grid within [from, to] minutes. */
const dayRanges = (from: number, to: number) =>
  fc
    .uniqueArray(fc.integer({ min: from / 15, max: to / 15 }), { maxLength: 6 })
    .map((cuts) => cuts.sort((a, b) => a - b))
    .map((cuts) => {
      const ranges: [string, string][] = [];
      for (let i = 0; i + 1 < cuts.length; i += 2) ranges.push([hhmm(cuts[i]! * 15), hhmm(cuts[i + 1]! * 15)]);
      return ranges;
    });

const randomDocument = (from = 0, to = 1440): fc.Arbitrary<CalendarDocument> =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      days: fc.array(dayRanges(from, to), { minLength: 7, maxLength: 7 }),
      holidays: fc.uniqueArray(fc.integer({ min: 0, max: 4 * 366 }), { maxLength: 30 }),
    })
    .filter(({ days }) => days.some((ranges) => ranges.length > 0))
    .map(({ zone, days, holidays }) => ({
      id: 'generated',
      zone,
      week: Object.fromEntries(WEEKDAYS.map((day, i) => [day, days[i]!])),
      holidays: holidays.map((offset) => DateTime.fromISO('2025-01-01').plus({ days: offset }).toISODate()!),
    }));

const fixedCalendars = [london, newYork, sydney, weekendNights, londonAllDay];
const anyCalendar: fc.Arbitrary<BusinessCalendar> = fc.oneof(
  fc.constantFrom(...fixedCalendars),
  randomDocument().map((document) => calendar(document)),
);

const START = Date.parse('2025-01-01T00:00:00Z');
const END = Date.parse('2028-12-31T00:00:00Z');
const instant = fc.integer({ min: START, max: END });
/** Up to 40 business hours, in whole seconds with the odd millisecond. */
const duration = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 * 3600 }).map((s) => s * 1000), fc.integer({ min: 1, max: 40 * HOUR }));

describe('business-time properties', () => {
  it('add(add(t, a), b) = add(t, a + b)', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, duration, (cal, t, a, b) => {
        expect(addBusinessTime(addBusinessTime(t, a, cal), b, cal)).toBe(addBusinessTime(t, a + b, cal));
      }),
      { numRuns: RUNS },
    );
  });

  it('add is monotonic in t and in the duration', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, duration, duration, (cal, t1, t2, d1, d2) => {
        const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addBusinessTime(early, short, cal)).toBeLessThanOrEqual(addBusinessTime(late, short, cal));
        expect(addBusinessTime(early, short, cal)).toBeLessThanOrEqual(addBusinessTime(early, long, cal));
      }),
      { numRuns: RUNS },
    );
  });

  it('businessTimeBetween(t, add(t, d)) = d', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration, (cal, t, d) => {
        expect(businessTimeBetween(t, addBusinessTime(t, d, cal), cal)).toBe(d);
      }),
      { numRuns: RUNS },
    );
  });

  it('a positive-duration result is inside business time or exactly at a closing instant', () => {
    fc.assert(
      fc.property(anyCalendar, instant, duration.filter((d) => d > 0), (cal, t, d) => {
        const result = addBusinessTime(t, d, cal);
        const inside = isBusinessTime(result, cal);
        const atClosing = !inside && isBusinessTime(result - 1, cal);
        expect(inside || atClosing).toBe(true);
        expect(result).toBeGreaterThan(t);
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees with a minute-by-minute reference that reads wall clocks directly', () => {
    // The reference (test/support/reference-time.ts) asks of each minute whether its local wall-clock time lies in
    // an opening range of its local weekday, on a non-holiday. Hours are kept within 05:00–23:00, where none of
    // these zones changes its offset, so the two definitions must agree exactly.
    fc.assert(
      fc.property(
        randomDocument(5 * 60, 23 * 60),
        fc.integer({ min: START / MINUTE, max: END / MINUTE }).map((m) => m * MINUTE),
        fc.integer({ min: 0, max: 30 * 60 }),
        (document, t, minutes) => {
          const reference = referenceOf(document);
          const cal = calendar(document);
          expect(addBusinessTime(t, minutes * MINUTE, cal)).toBe(referenceAdd(t, minutes, reference));
          // On the quarter-hour grid of the generated ranges, so opening and closing instants are hit often.
          const onGrid = Math.floor(t / (15 * MINUTE)) * 15 * MINUTE;
          expect(isBusinessTime(onGrid, cal)).toBe(isOpenMinute(onGrid, reference));
          let open = onGrid;
          while (!isOpenMinute(open, reference)) open += MINUTE;
          expect(nextBusinessInstant(onGrid, cal)).toBe(open);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The same calendar for the reference: luxon weekday → [start, end) minutes. */
function referenceOf(document: CalendarDocument): ReferenceCalendar {
  const toMinutes = (text: string) => {
    const [h, m] = text.split(':').map(Number);
    return h! * 60 + m!;
  };
  return {
    zone: document.zone,
    hours: Object.fromEntries(WEEKDAYS.map((day, i) => [i + 1, (document.week[day] ?? []).map(([from, to]) => [toMinutes(from), toMinutes(to)] as [number, number])])),
    holidays: document.holidays ?? [],
  };
}
