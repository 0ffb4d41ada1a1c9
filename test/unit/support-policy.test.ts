import { describe, expect, it } from 'vitest';
import { usualWorkingDayMs } from '../../shared/domain/business-calendar.js';
import { parseCalendar } from '../../shared/domain/calendar-document.js';
import { elapsedInClock, slaForCase } from '../../shared/domain/deadlines.js';
import { ConfigurationError } from '../../shared/domain/errors.js';
import { defaultSupportPolicy, type Environment, type Impact, type RequestType, policySchema, responseLevelFor } from '../../shared/domain/support-policy.js';
import { parseSupportDirectory } from '../../shared/domain/support-config-document.js';
import { supportDirectory } from '../../shared/config/support-config.js';
import { HOUR, MINUTE, iso, london, newYork, sydney, utc } from '../support/calendars.js';

const DEFAULT_POLICY = defaultSupportPolicy();

describe('response level', () => {
  const cases: [Environment, Impact, RequestType, string][] = [
    ['production', 'service-down', 'defect', 'I'],
    ['production', 'service-down', 'query', 'I'],
    ['production', 'module-down', 'defect', 'II'],
    ['production', 'degraded', 'defect', 'III'],
    ['production', 'question', 'query', 'IV'],
    ['non-production', 'service-down', 'defect', 'IV'],
    ['non-production', 'degraded', 'query', 'IV'],
    ['production', 'service-down', 'enhancement', 'IV'],
    ['production', 'module-down', 'new-integration', 'IV'],
    ['production', 'degraded', 'ux-redesign', 'IV'],
  ];
  it.each(cases)('%s + %s + %s is level %s', (environment, impact, requestType, level) => {
    expect(responseLevelFor({ environment, impact, requestType })).toBe(level);
  });
});

describe('first-response deadlines of the default policy', () => {
  const mondayMorning = utc('2026-11-30T10:00:00Z');
  const sla = (environment: Environment, impact: Impact, requestType: RequestType, at = mondayMorning) =>
    slaForCase({ environment, impact, requestType }, at, london, DEFAULT_POLICY);

  it('level I: 1 hour on the 24/7 clock, warning at 75 %', () => {
    const saturdayNight = utc('2026-11-28T23:30:00Z');
    const result = sla('production', 'service-down', 'defect', saturdayNight);
    expect(result.responseLevel).toBe('I');
    expect(result.firstResponse).toMatchObject({ clock: '24x7', calendarId: '24x7', calendarVersion: 1, targetMs: HOUR });
    expect(iso(result.firstResponse!.dueAt)).toBe('2026-11-29T00:30:00.000Z');
    expect(iso(result.firstResponse!.warningAt)).toBe('2026-11-29T00:15:00.000Z');
  });

  it('level II: 2 hours on the 24/7 clock', () => {
    const result = sla('production', 'module-down', 'defect', utc('2026-12-25T08:00:00Z'));
    expect(iso(result.firstResponse!.dueAt)).toBe('2026-12-25T10:00:00.000Z');
    expect(result.firstResponse!.targetMs).toBe(2 * HOUR);
  });

  it('level III: 1 business day (the calendar\'s usual working day, here 7.5 hours) on the institution calendar', () => {
    const result = sla('production', 'degraded', 'defect');
    expect(result.firstResponse).toMatchObject({ clock: 'business', calendarId: 'london', calendarVersion: 1, targetMs: 7.5 * HOUR });
    // Monday 10:00 + 7.5 business hours (lunch 12:30–13:30, close 17:30): 6.5 h Monday, 1 h Tuesday.
    expect(iso(result.firstResponse!.dueAt)).toBe('2026-12-01T10:00:00.000Z');
    // Warning after 75 % (5 h 37.5 min): 2.5 h before lunch, 3 h 7.5 min after it.
    expect(iso(result.firstResponse!.warningAt)).toBe('2026-11-30T16:37:30.000Z');
  });

  it('level IV: 2 business days for queries, non-production and enhancements', () => {
    for (const result of [sla('production', 'question', 'query'), sla('non-production', 'degraded', 'defect'), sla('production', 'degraded', 'enhancement')]) {
      expect(result.responseLevel).toBe('IV');
      expect(result.firstResponse!.targetMs).toBe(15 * HOUR);
      expect(iso(result.firstResponse!.dueAt)).toBe('2026-12-02T10:00:00.000Z'); // 6.5 h + 7.5 h + 1 h
    }
  });

  it('one business day defaults to the calendar\'s usual working day: a New York case opened Monday 08:00 is due at Monday\'s 18:00 close', () => {
    const mondayEight = utc('2026-11-30T13:00:00Z'); // 08:00 EST
    const result = slaForCase({ environment: 'production', impact: 'degraded', requestType: 'defect' }, mondayEight, newYork, DEFAULT_POLICY);
    expect(newYork.businessDaySource).toBe('usual-working-day');
    expect(result.firstResponse!.targetMs).toBe(10 * HOUR);
    expect(iso(result.firstResponse!.dueAt)).toBe('2026-11-30T23:00:00.000Z');
    expect(sydney.businessDayMs).toBe(8.5 * HOUR);
  });

  it('the usual working day is the most common total among the days that open (the longer on a tie)', () => {
    const range = (start: number, end: number) => ({ start: start * 3600, end: end * 3600 });
    expect(usualWorkingDayMs([[range(9, 17)], [range(9, 17)], [range(9, 17)], [range(9, 17)], [range(9, 13)], [], []])).toBe(8 * HOUR);
    expect(usualWorkingDayMs([[range(9, 17)], [range(9, 15)], [], [], [], [], []])).toBe(8 * HOUR);
    expect(usualWorkingDayMs([[range(9, 12), range(13, 17)], [range(10, 17)], [range(9, 12), range(13, 17)], [], [], [], []])).toBe(7 * HOUR);
    expect(usualWorkingDayMs([[], [], [], [], [], [], []])).toBe(8 * HOUR);
  });

  it('a business day is as long as the calendar says', () => {
    const short = parseCalendar({ id: 'short', zone: 'Europe/London', week: { mon: [['09:00', '17:30']], tue: [['09:00', '17:30']] }, businessDayLength: 'PT7H30M' });
    const result = slaForCase({ environment: 'production', impact: 'degraded', requestType: 'defect' }, mondayMorning, short, DEFAULT_POLICY);
    expect(result.firstResponse!.targetMs).toBe(7.5 * HOUR);
    expect(iso(result.firstResponse!.dueAt)).toBe('2026-11-30T17:30:00.000Z'); // lands on Monday's closing
  });
});

describe('coverage by request type', () => {
  const at = utc('2026-11-30T23:30:00Z'); // already 1 December in Sydney, still 30 November in London
  const covered = (requestType: RequestType) => slaForCase({ environment: 'production', impact: 'degraded', requestType }, at, london, DEFAULT_POLICY);

  it('covers queries and defects through support', () => {
    expect(covered('query').coverage).toEqual({ covered: true, route: 'support' });
    expect(covered('defect').coverage).toEqual({ covered: true, route: 'support' });
  });

  it('covers enhancements at level IV and points to the Ideas Exchange', () => {
    const result = covered('enhancement');
    expect(result.responseLevel).toBe('IV');
    expect(result.coverage).toMatchObject({ covered: true, route: 'ideas-exchange', link: DEFAULT_POLICY.ideasExchange.url });
    expect(result.firstResponse).not.toBeNull();
  });

  it('redirects new integrations to the Ideas Exchange with no clock', () => {
    const result = covered('new-integration');
    expect(result.coverage).toMatchObject({ covered: false, route: 'ideas-exchange', message: DEFAULT_POLICY.ideasExchange.newIntegrationMessage });
    expect(result.firstResponse).toBeNull();
  });

  it('routes UX redesign to the account manager with a 6-week lead time from the local request date', () => {
    const result = covered('ux-redesign');
    expect(result.coverage).toEqual({
      covered: false,
      route: 'account-manager',
      message: DEFAULT_POLICY.accountManager.message,
      earliestProjectStart: '2027-01-11', // 30 November (London) + 42 days
    });
    expect(result.firstResponse).toBeNull();
    const sydney = parseCalendar({ id: 'syd', zone: 'Australia/Sydney', week: { mon: [['09:00', '17:00']] } });
    const inSydney = slaForCase({ environment: 'production', impact: 'degraded', requestType: 'ux-redesign' }, at, sydney, DEFAULT_POLICY);
    expect(inSydney.coverage).toMatchObject({ earliestProjectStart: '2027-01-12' });
  });
});

describe('elapsed time in the level clock', () => {
  it('is wall-clock for I/II and business time for III/IV', () => {
    const from = utc('2026-11-27T17:00:00Z'); // Friday, half an hour before closing
    const to = utc('2026-11-30T09:30:00Z'); // Monday, half an hour after opening
    expect(elapsedInClock(DEFAULT_POLICY.levels.I, from, to, london)).toBe(64 * HOUR + 30 * MINUTE);
    expect(elapsedInClock(DEFAULT_POLICY.levels.III, from, to, london)).toBe(HOUR);
  });
});

describe('loading policy and calendars', () => {
  const valid = {
    calendars: [{ id: 'cal', version: 2, zone: 'Europe/London', week: { mon: [['09:00', '17:00']] } }],
    institutions: [{ id: 'uni-x', name: 'X', calendar: 'cal', connectLayer: 'hosted' }],
  };

  it('accepts a minimal document and fills in the default policy', () => {
    const directory = parseSupportDirectory(valid);
    expect(directory.policy.levels.I.target).toEqual({ minutes: 60 });
    expect(directory.policy.levels.IV.warningAt).toBe(0.75);
    expect(directory.policy.accountManager.leadTime).toBe(42 * 24 * HOUR);
    expect(directory.historyOf(directory.institutions.get('uni-x')!).latest.version).toBe(2);
  });

  const refusals: [string, unknown, RegExp][] = [
    ['an unknown zone', { ...valid, calendars: [{ ...valid.calendars[0], zone: 'Europe/Atlantis' }] }, /calendars\.0\.zone: expected an IANA time zone/],
    ['a range ending before it starts', { ...valid, calendars: [{ ...valid.calendars[0], week: { mon: [['17:00', '09:00']] } }] }, /calendars\.0\.week\.mon\.0: an opening range must end after it starts/],
    ['overlapping ranges', { ...valid, calendars: [{ ...valid.calendars[0], week: { tue: [['09:00', '13:00'], ['12:00', '17:00']] } }] }, /calendars\.0\.week\.tue\.1: opening ranges must be in order/],
    ['a bad wall time', { ...valid, calendars: [{ ...valid.calendars[0], week: { mon: [['9am', '17:00']] } }] }, /calendars\.0\.week\.mon\.0\.0: expected a wall-clock time/],
    ['24:30', { ...valid, calendars: [{ ...valid.calendars[0], week: { mon: [['09:00', '24:30']] } }] }, /calendars\.0\.week\.mon\.0\.1/],
    ['a misspelt weekday', { ...valid, calendars: [{ ...valid.calendars[0], week: { monday: [['09:00', '17:00']] } }] }, /calendars\.0\.week\.monday: unknown field/],
    ['a bad holiday', { ...valid, calendars: [{ ...valid.calendars[0], holidays: ['2026-02-30'] }] }, /calendars\.0\.holidays\.0: expected a local date/],
    ['an unknown calendar', { ...valid, institutions: [{ ...valid.institutions[0], calendar: 'nope' }] }, /institutions\.0\.calendar: unknown calendar 'nope'/],
    ['a duplicate institution', { ...valid, institutions: [valid.institutions[0], valid.institutions[0]] }, /institutions\.1\.id: duplicate institution id/],
    ['a bad connect layer', { ...valid, institutions: [{ ...valid.institutions[0], connectLayer: 'cloud' }] }, /institutions\.0\.connectLayer/],
    ['a business day of zero', { ...valid, calendars: [{ ...valid.calendars[0], businessDayLength: 'PT0S' }] }, /calendars\.0\.businessDayLength: a business day must be longer than zero/],
    ['a level with a month target', { ...valid, policy: { levels: { ...DEFAULT_POLICY.levels, I: { ...DEFAULT_POLICY.levels.I, target: { months: 1 } } } } }, /policy\.levels\.I\.target/],
    ['a warning fraction of 1', { ...valid, policy: { levels: { ...DEFAULT_POLICY.levels, II: { ...DEFAULT_POLICY.levels.II, warningAt: 1 } } } }, /policy\.levels\.II\.warningAt/],
    ['business days on the 24/7 clock', { ...valid, policy: { levels: { ...DEFAULT_POLICY.levels, II: { ...DEFAULT_POLICY.levels.II, target: { businessDays: 1 } } } } }, /policy\.levels\.II\.target: a target in businessDays needs the business clock/],
    ['a lead time in months', { ...valid, policy: { accountManager: { message: 'm', leadTime: 'P2M' } } }, /policy\.accountManager\.leadTime/],
    ['a bad Ideas Exchange link', { ...valid, policy: { ideasExchange: { ...DEFAULT_POLICY.ideasExchange, url: 'not a url' } } }, /policy\.ideasExchange\.url/],
  ];
  it.each(refusals)('refuses %s, naming the field', (_name, document, message) => {
    expect(() => parseSupportDirectory(document)).toThrow(ConfigurationError);
    expect(() => parseSupportDirectory(document)).toThrow(message);
  });

  it('refuses an unknown policy field', () => {
    expect(() => policySchema.parse({ levels: DEFAULT_POLICY.levels, surprise: true })).toThrow(/surprise/);
  });

  it('ships a sample configuration that loads, with uni-a in London (hosted) and uni-b elsewhere (local)', () => {
    const directory = supportDirectory();
    const uniA = directory.institutions.get('uni-a')!;
    const uniB = directory.institutions.get('uni-b')!;
    expect(uniA.connectLayer).toBe('hosted');
    expect(directory.historyOf(uniA).latest.zone).toBe('Europe/London');
    expect(uniB.connectLayer).toBe('local');
    expect(directory.historyOf(uniB).latest.zone).not.toBe('Europe/London');
  });
});
