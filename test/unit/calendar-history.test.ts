import { describe, expect, it } from 'vitest';
import { parseCalendarHistory } from '../../shared/domain/calendar-history-document.js';
import { ConfigurationError } from '../../shared/domain/errors.js';
import { holidayCoverageWarnings } from '../../shared/domain/holiday-coverage.js';
import { parseSupportDirectory } from '../../shared/domain/support-config-document.js';
import { makeCheckHealth } from '../../shared/use-cases/check-health.js';
import type { CaseReader } from '../../shared/ports/case-reader.js';
import { utc } from '../support/calendars.js';

const week = { mon: [['09:00', '17:00']] as [string, string][] };
const sydney = parseCalendarHistory({
  id: 'syd',
  versions: [
    { version: 1, zone: 'Australia/Sydney', week, holidays: ['2026-12-25'] },
    { version: 3, effectiveFrom: '2027-01-01', zone: 'Australia/Sydney', week: { ...week, tue: [['09:00', '17:00']] }, holidayRules: [{ rule: 'easter', name: 'Good Friday', offsetDays: -2 }] },
  ],
});

describe('calendar versions', () => {
  it('takes effect at local midnight of effectiveFrom in the version\'s own zone', () => {
    expect(sydney.at(utc('2026-12-31T12:59:59Z')).version).toBe(1); // 23:59:59 AEDT
    expect(sydney.at(utc('2026-12-31T13:00:00Z')).version).toBe(3); // 00:00 AEDT, 1 January
    expect(sydney.at(utc('2020-01-01T00:00:00Z')).version).toBe(1);
    expect(sydney.version(3)!.effectiveFrom).not.toBeNull();
    expect(sydney.version(2)).toBeUndefined();
    expect(sydney.latest.version).toBe(3);
  });

  it('reads a single-version calendar as a history of one', () => {
    const single = parseCalendarHistory({ id: 'one', version: 4, zone: 'UTC', week });
    expect(single.versions.map((v) => [v.id, v.version])).toEqual([['one', 4]]);
    expect(single.at(utc('2030-01-01T00:00:00Z')).version).toBe(4);
  });

  const refusals: [string, unknown, RegExp][] = [
    ['a version without a number', { id: 'c', versions: [{ zone: 'UTC', week }] }, /versions\.0\.version: each version needs its number/],
    ['numbers that do not increase', { id: 'c', versions: [{ version: 2, zone: 'UTC', week }, { version: 2, effectiveFrom: '2027-01-01', zone: 'UTC', week }] }, /versions\.1\.version: version numbers must increase/],
    ['a later version without effectiveFrom', { id: 'c', versions: [{ version: 1, zone: 'UTC', week }, { version: 2, zone: 'UTC', week }] }, /versions\.1\.effectiveFrom: every version after the first needs effectiveFrom/],
    ['dates out of order', { id: 'c', versions: [{ version: 1, effectiveFrom: '2027-02-01', zone: 'UTC', week }, { version: 2, effectiveFrom: '2027-01-01', zone: 'UTC', week }] }, /versions\.1\.effectiveFrom: each version must take effect after/],
    ['another calendar\'s id', { id: 'c', versions: [{ id: 'd', version: 1, zone: 'UTC', week }] }, /versions\.0\.id/],
    ['an unknown field in a version', { id: 'c', versions: [{ version: 1, zone: 'UTC', week, colour: 'red' }] }, /versions\.0\.colour: unknown field/],
  ];
  it.each(refusals)('refuses %s, naming the field', (_name, document, message) => {
    expect(() => parseCalendarHistory(document)).toThrow(ConfigurationError);
    expect(() => parseCalendarHistory(document)).toThrow(message);
  });

  it('gives a case its recorded version, or the one in effect when it was opened', () => {
    const directory = parseSupportDirectory({ calendars: [{ id: 'syd', versions: [{ version: 1, zone: 'Australia/Sydney', week }, { version: 3, effectiveFrom: '2027-01-01', zone: 'Australia/Sydney', week }] }], institutions: [{ id: 'uni-s', name: 'S', calendar: 'syd', connectLayer: 'hosted' }] });
    const institution = directory.institutions.get('uni-s')!;
    expect(directory.calendarAt(institution, utc('2027-03-01T00:00:00Z')).version).toBe(3);
    expect(directory.calendarOfCase(institution, { createdAt: '2026-12-30T00:00:00Z', sla: { calendarId: 'syd', calendarVersion: 1 } }).version).toBe(1);
    expect(directory.calendarOfCase(institution, { createdAt: '2027-03-01T00:00:00Z', sla: { calendarId: 'syd', calendarVersion: 1 } }).version).toBe(1);
    expect(directory.calendarOfCase(institution, { createdAt: '2027-03-01T00:00:00Z', sla: { calendarId: '24x7', calendarVersion: 1 } }).version).toBe(3);
    expect(directory.calendarOfCase(institution, { createdAt: '2026-12-30T00:00:00Z', sla: null }).version).toBe(1);
  });
});

describe('holiday information for the next 12 months', () => {
  it('warns about a version in effect whose dates run out, not about rules or versions already replaced', () => {
    expect(holidayCoverageWarnings([sydney], utc('2026-06-01T00:00:00Z'))).toEqual([]); // v1 knows 2026, v3 has rules
    const listOnly = parseCalendarHistory({ id: 'list', zone: 'Europe/London', week, holidays: ['2027-12-27'] });
    expect(holidayCoverageWarnings([listOnly], utc('2026-11-29T12:00:00Z'))).toEqual([]);
    expect(holidayCoverageWarnings([listOnly], utc('2027-06-01T12:00:00Z'))).toEqual([
      {
        calendarId: 'list',
        version: 1,
        knownThrough: '2027-12-31',
        neededThrough: '2028-05-30',
        message: "calendar 'list' version 1 has holiday information only through 2027-12-31; it is in effect through 2028-05-30 or later: add holiday rules or dates (a new version)",
      },
    ]);
    const none = parseCalendarHistory({ id: 'none', zone: 'UTC', week });
    expect(holidayCoverageWarnings([none], utc('2027-06-01T12:00:00Z')).map((w) => w.knownThrough)).toEqual([null]);
    const allDay = parseCalendarHistory({ id: '24x7', zone: 'UTC', week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) });
    expect(holidayCoverageWarnings([allDay], utc('2027-06-01T12:00:00Z'))).toEqual([]);
  });

  it('warns about a coming version without holidays', () => {
    const coming = parseCalendarHistory({ id: 'c', versions: [{ version: 1, zone: 'UTC', week, holidayRules: [{ rule: 'easter', name: 'Good Friday', offsetDays: -2 }] }, { version: 2, effectiveFrom: '2027-03-01', zone: 'UTC', week }] });
    expect(holidayCoverageWarnings([coming], utc('2026-11-29T00:00:00Z')).map((w) => [w.version, w.neededThrough])).toEqual([[2, '2027-11-28']]);
  });

  it('the shipped calendars have holiday information for the next 12 months, and /health says so', async () => {
    const { supportDirectory } = await import('../../shared/config/support-config.js');
    const cases: Pick<CaseReader, 'ping'> = { ping: async () => undefined };
    const health = makeCheckHealth({ cases, directory: supportDirectory(), clock: { now: () => utc('2026-11-29T12:00:00Z') } });
    expect(await health()).toEqual({ status: 'ok', store: 'ok', warnings: [] });
    const later = makeCheckHealth({ cases, directory: parseSupportDirectory({ calendars: [{ id: 'none', zone: 'UTC', week }], institutions: [{ id: 'u', name: 'U', calendar: 'none', connectLayer: 'hosted' }] }), clock: { now: () => utc('2026-11-29T12:00:00Z') } });
    expect((await later()).warnings).toEqual(["calendar 'none' version 1 has no holiday information; it is in effect through 2027-11-28 or later: add holiday rules or dates (a new version)"]);
  });
});
