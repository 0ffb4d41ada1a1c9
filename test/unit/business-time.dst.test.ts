import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WEEKDAYS } from '../../shared/domain/business-calendar.js';
import { type CalendarDocument, parseCalendar } from '../../shared/domain/calendar-document.js';
import { HORIZON_DAYS, addBusinessTime, businessTimeBetween, isBusinessTime, nextBusinessInstant } from '../../shared/domain/business-time.js';
import { BusinessTimeHorizonError } from '../../shared/domain/errors.js';
import { parseInstant } from '../../shared/domain/instant-text.js';
import { parseFixedDuration } from '../../shared/domain/iso-duration.js';
import { HOUR, MINUTE, iso, utc } from '../support/calendars.js';
import { type WallCalendar, referenceInstantOfWallTime, wallReference } from '../support/reference-time.js';

/**
 * Daylight-saving folds and gaps, and independence from the machine. The worked
 * examples are the disagreements a differential run found (classes A, B and C);
 * the properties compare the engine with a DST-exact reference around every
 * offset change of zones chosen for awkward rules, under two faked "now"s and
 * several process time zones.
 */
const sydneyNight = parseCalendar({ zone: 'Australia/Sydney', week: { sun: [['02:30', '04:00']] } });
const havanaSaturday = parseCalendar({ zone: 'America/Havana', week: { sat: [['20:00', '24:00']] } });
const newYorkFolded = parseCalendar({ zone: 'America/New_York', week: { sun: [['02:15', '02:45'], ['03:00', '04:00']] } });

function workedExamples() {
  it('A: a repeated wall time is its later occurrence, whatever today is (Sydney 02:30 on 4 April 2027 is 16:30Z)', () => {
    expect(isBusinessTime(utc('2027-04-03T15:45:00Z'), sydneyNight)).toBe(false); // 02:45 AEDT, the first pass
    expect(isBusinessTime(utc('2027-04-03T16:30:00Z'), sydneyNight)).toBe(true);
    expect(iso(nextBusinessInstant(utc('2027-04-03T15:00:00Z'), sydneyNight))).toBe('2027-04-03T16:30:00.000Z');
    expect(businessTimeBetween(utc('2027-04-03T00:00:00Z'), utc('2027-04-04T00:00:00Z'), sydneyNight)).toBe(1.5 * HOUR);
  });

  it('A: an instant written without an offset follows the same rule', () => {
    expect(iso(parseInstant('2027-04-04T02:30:00', 'Australia/Sydney')!)).toBe('2027-04-03T16:30:00.000Z');
    expect(iso(parseInstant('2026-11-01T01:30:00', 'America/New_York')!)).toBe('2026-11-01T06:30:00.000Z'); // EST, the later
    expect(iso(parseInstant('2026-10-25T01:30:00', 'Europe/London')!)).toBe('2026-10-25T01:30:00.000Z'); // GMT, the later
    expect(iso(parseInstant('2027-03-14T02:30:00', 'America/New_York')!)).toBe('2027-03-14T07:30:00.000Z'); // skipped: 03:30 EDT
    expect(iso(parseInstant('2027-03-14T02:30:00-05:00', 'America/New_York')!)).toBe('2027-03-14T07:30:00.000Z');
  });

  it('B: a range ending at 24:00 runs to the later midnight when midnight itself is repeated (Havana)', () => {
    expect(isBusinessTime(utc('2026-11-01T04:30:00Z'), havanaSaturday)).toBe(true); // 00:30 CDT, before the fall-back
    expect(isBusinessTime(utc('2026-11-01T05:00:00Z'), havanaSaturday)).toBe(false); // 00:00 CST: Sunday
    const [a, b, c] = [utc('2026-10-31T23:00:00Z'), utc('2026-11-01T04:30:00Z'), utc('2026-11-01T06:00:00Z')];
    expect(businessTimeBetween(a, b, havanaSaturday)).toBe(4.5 * HOUR);
    expect(businessTimeBetween(b, c, havanaSaturday)).toBe(0.5 * HOUR);
    expect(businessTimeBetween(a, c, havanaSaturday)).toBe(5 * HOUR); // additive
    expect(iso(addBusinessTime(a, 5 * HOUR, havanaSaturday))).toBe('2026-11-01T05:00:00.000Z');
  });

  it('C: ranges folded onto each other by a spring-forward gap count as their union (New York, 14 March 2027)', () => {
    // 02:15–02:45 is skipped and moves to 03:15–03:45 EDT, inside 03:00–04:00: one hour in all.
    expect(businessTimeBetween(utc('2027-03-14T06:00:00Z'), utc('2027-03-14T09:00:00Z'), newYorkFolded)).toBe(HOUR);
    expect(iso(addBusinessTime(utc('2027-03-14T06:00:00Z'), HOUR, newYorkFolded))).toBe('2027-03-14T08:00:00.000Z');
  });

  it('accepts opening times with seconds', () => {
    const cal = parseCalendar({ zone: 'UTC', week: { mon: [['01:30:30', '02:00:00']] } });
    expect(isBusinessTime(utc('2027-01-04T01:30:29Z'), cal)).toBe(false);
    expect(isBusinessTime(utc('2027-01-04T01:30:30Z'), cal)).toBe(true);
    expect(businessTimeBetween(utc('2027-01-04T00:00:00Z'), utc('2027-01-05T00:00:00Z'), cal)).toBe(29.5 * MINUTE);
  });

  it('refuses a duration with no components', () => {
    for (const text of ['P', 'PT', 'P1DT', '-PT1H', 'P1M', 'P1Y']) expect(parseFixedDuration(text)).toBeUndefined();
    expect(parseFixedDuration('PT0S')).toBe(0);
    expect(parseFixedDuration('PT1.5H')).toBe(1.5 * HOUR);
    expect(parseFixedDuration('P1W')).toBe(7 * 24 * HOUR);
  });
}

// Zones with awkward rules: midnight changes (Havana, Santiago), 30-minute DST (Lord Howe), 45-minute offsets
// (Chatham), two changes a year around Ramadan (Casablanca), and the three sample calendars' zones.
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'America/Havana', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca'];

/** Instants at which each zone changes its offset, 2025–2028. */
const transitions = new Map(
  ZONES.map((zone) => {
    const found: number[] = [];
    let at = utc('2025-01-01T00:00:00Z');
    let offset = DateTime.fromMillis(at, { zone }).offset;
    for (; at < utc('2029-01-01T00:00:00Z'); at += HOUR) {
      const next = DateTime.fromMillis(at, { zone }).offset;
      if (next !== offset) found.push(at);
      offset = next;
    }
    return [zone, found] as const;
  }),
);

const hhmm = (minutes: number) => (minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);

/** Every weekday gets up to three ranges on a 15-minute grid, anywhere in the day (so across the changes). */
const document: fc.Arbitrary<CalendarDocument> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    days: fc.array(
      fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((cuts) => {
        const sorted = cuts.sort((a, b) => a - b);
        const ranges: [string, string][] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([hhmm(sorted[i]! * 15), hhmm(sorted[i + 1]! * 15)]);
        return ranges;
      }),
      { minLength: 7, maxLength: 7 },
    ),
  })
  .filter(({ days }) => days.flat().length >= 3)
  .map(({ zone, days }) => ({ zone, week: Object.fromEntries(WEEKDAYS.map((day, i) => [day, days[i]!])) }));

const toMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
function wallCalendar(doc: CalendarDocument): WallCalendar {
  return {
    zone: doc.zone,
    hours: Object.fromEntries(WEEKDAYS.map((day, i) => [i + 1, (doc.week[day] ?? []).map(([from, to]) => [toMinutes(from), toMinutes(to)] as [number, number])])),
    holidays: doc.holidays ?? [],
  };
}

/** A calendar and a whole-minute instant within three days of one of its zone's offset changes. */
const nearChange = document.chain((doc) =>
  fc.record({
    doc: fc.constant(doc),
    t: fc.tuple(fc.constantFrom(...transitions.get(doc.zone)!), fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 })).map(([change, minutes]) => change + minutes * MINUTE),
  }),
);

function properties() {
  it('agrees with the DST-exact reference near every offset change: within, next opening, add and elapsed', () => {
    fc.assert(
      fc.property(nearChange, fc.integer({ min: 0, max: 8 * 60 }), fc.integer({ min: 0, max: 2 * 24 * 60 }), ({ doc, t }, minutes, span) => {
        const cal = parseCalendar(doc);
        const reference = wallReference(wallCalendar(doc), t, 21);
        const expectedAdd = reference.add(t, minutes);
        fc.pre(expectedAdd < t + 18 * 24 * HOUR);
        expect(isBusinessTime(t, cal)).toBe(reference.open(t));
        expect(addBusinessTime(t, minutes * MINUTE, cal)).toBe(expectedAdd);
        expect(businessTimeBetween(t, t + span * MINUTE, cal)).toBe(reference.between(t, t + span * MINUTE) * MINUTE);
        const next = reference.add(t, 1) - MINUTE; // the first open minute at or after t
        expect(nextBusinessInstant(t, cal)).toBe(next);
      }),
      { numRuns: 10 },
    );
  });

  it('elapsed time is additive and add inverts it across offset changes', () => {
    fc.assert(
      fc.property(nearChange, fc.integer({ min: 0, max: 36 * 60 }), fc.integer({ min: 0, max: 36 * 60 }), fc.integer({ min: 0, max: 12 * 60 }), ({ doc, t }, x, y, d) => {
        const cal = parseCalendar(doc);
        const [a, b, c] = [t, t + x * MINUTE, t + (x + y) * MINUTE];
        expect(businessTimeBetween(a, b, cal) + businessTimeBetween(b, c, cal)).toBe(businessTimeBetween(a, c, cal));
        expect(businessTimeBetween(a, addBusinessTime(a, d * MINUTE, cal), cal)).toBe(d * MINUTE);
      }),
      { numRuns: 100 },
    );
  });

  it('reads wall times exactly as the reference does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES).chain((zone) => fc.record({ zone: fc.constant(zone), change: fc.constantFrom(...transitions.get(zone)!) })), fc.integer({ min: -180, max: 180 }), ({ zone, change }, minutes) => {
        const local = Math.floor((change + DateTime.fromMillis(change, { zone }).offset * MINUTE) / (15 * MINUTE)) * 15 * MINUTE + minutes * MINUTE;
        const text = new Date(local).toISOString().slice(0, 19);
        expect(parseInstant(text, zone)).toBe(referenceInstantOfWallTime(zone, local));
      }),
      { numRuns: 150 },
    );
  });
}

const NOWS = { january: '2027-01-15T12:00:00Z', july: '2027-07-15T12:00:00Z' };
const PROCESS_ZONES = ['UTC', 'America/New_York', 'Asia/Kathmandu'];

describe.each(Object.entries(NOWS))('with "now" faked in %s', (_month, now) => {
  describe.each(PROCESS_ZONES)('and the process in TZ=%s', (zone) => {
    const originalTz = process.env.TZ;
    beforeAll(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(now));
      process.env.TZ = zone;
    });
    afterAll(() => {
      vi.useRealTimers();
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    });

    it('really runs with that clock and zone', () => {
      expect(new Date().toISOString()).toBe(new Date(now).toISOString());
      expect(DateTime.now().toMillis()).toBe(Date.parse(now));
      expect(new Date(Date.parse(now)).getTimezoneOffset() + 0).toBe(0 - DateTime.fromISO(now, { zone }).offset);
    });

    workedExamples();
    properties();
  });
});

describe('the search horizon', () => {
  it('says so when business time cannot elapse within the search horizon', () => {
    const mondays = parseCalendar({ zone: 'UTC', week: { mon: [['09:00', '10:00']] } });
    expect(() => addBusinessTime(utc('2027-01-04T09:00:00Z'), (HORIZON_DAYS / 7 + 10) * HOUR, mondays)).toThrow(BusinessTimeHorizonError);
    expect(() => addBusinessTime(utc('2027-01-04T09:00:00Z'), (HORIZON_DAYS / 7 + 10) * HOUR, mondays)).toThrow(/search horizon of 36600 days/);
    const allHolidays = parseCalendar({ zone: 'UTC', week: { mon: [['09:00', '10:00']] }, holidayRules: [{ rule: 'nth-weekday', name: 'every Monday', month: 1, weekday: 'mon', nth: 1 }] });
    expect(iso(nextBusinessInstant(utc('2027-01-01T00:00:00Z'), allHolidays))).toBe('2027-01-11T09:00:00.000Z');
  });
});

describe('the sla command', () => {
  const lines = [
    { op: 'within', calendar: { zone: 'Australia/Sydney', week: { sun: [['02:30', '04:00']] } }, at: '2027-04-03T15:45:00Z' },
    { op: 'within', calendar: { zone: 'America/Havana', week: { sat: [['20:00', '24:00']] } }, at: '2026-11-01T04:30:00Z' },
    { op: 'elapsed', calendar: { zone: 'America/New_York', week: { sun: [['02:15', '02:45'], ['03:00', '04:00']] } }, start: '2027-03-14T06:00:00Z', end: '2027-03-14T09:00:00Z' },
    { op: 'add', calendar: { zone: 'Australia/Sydney', week: { sun: [['02:30', '04:00']] } }, start: '2027-04-04T02:30:00', duration: 'PT1M' },
    { op: 'add', calendar: { zone: 'UTC', week: { mon: [['09:00', '17:00']] } }, start: '2027-01-04T09:00:00Z', duration: 'PT' },
  ];
  const expected = [
    '{"result":false}',
    '{"result":true}',
    '{"result":3600}',
    '{"result":"2027-04-03T16:31:00Z"}',
    `{"error":"--duration: 'PT' is not a non-negative ISO 8601 duration (weeks, days, hours, minutes, seconds)"}`,
  ];
  it.each(['Pacific/Chatham', 'America/Havana'])('answers the worked examples the same with TZ=%s', (zone) => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'cli/sla.ts', 'batch'], { input: lines.map((line) => JSON.stringify(line)).join('\n'), env: { ...process.env, TZ: zone }, encoding: 'utf8' });
    expect(output.trim().split('\n')).toEqual(expected);
  });
});
