import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenCaseInput } from '../../shared/use-cases/open-case.js';
import { type ApiHarness, startApi } from '../support/api-harness.js';
import { caseInput } from '../support/builders.js';
import { type ReferenceCalendar, percentile, referenceAdd, referenceBetween } from '../support/reference-time.js';

/**
 * A seeded history over five months (every level; met, breached, running, not covered; across the October DST
 * change and the Christmas holidays), opened and answered over HTTP with a controlled clock. The expected report is
 * computed here from the seed alone, with a naive minute-by-minute calendar, and compared number by number.
 */
const weekdays = (ranges: [number, number][]) => Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, ranges]));
const CALENDARS: Record<string, ReferenceCalendar & { dayMinutes: number }> = {
  'uni-a': {
    zone: 'Europe/London',
    hours: weekdays([
      [540, 750],
      [810, 1050],
    ]),
    holidays: ['2026-12-25', '2026-12-28', '2027-01-01'],
    dayMinutes: 450,
  },
  'uni-c': {
    zone: 'America/New_York',
    hours: weekdays([[480, 1080]]),
    holidays: ['2026-11-26', '2026-12-25', '2027-01-01'],
    dayMinutes: 480,
  },
};

type Level = 'I' | 'II' | 'III' | 'IV';
interface Seed {
  readonly institution: 'uni-a' | 'uni-c';
  readonly at: string;
  readonly level: Level | 'new-integration' | 'ux-redesign';
  /** When support first replies publicly; null for never. */
  readonly reply: string | null;
}

const IMPACT: Record<Level, OpenCaseInput['impact']> = { I: 'service-down', II: 'module-down', III: 'degraded', IV: 'question' };
const NOW = '2027-01-20T12:00:00Z';

const SEEDS: Seed[] = [
  // Outside the period (2026-09-01 .. 2027-01-31, London dates): the day before, and the day after.
  { institution: 'uni-a', at: '2026-08-31T22:30:00Z', level: 'I', reply: '2026-08-31T22:40:00Z' }, // 23:30 BST, 31 Aug
  { institution: 'uni-a', at: '2027-02-01T00:30:00Z', level: 'II', reply: null },
  // Inside: 00:30 BST on 1 September is 23:30Z on 31 August.
  { institution: 'uni-a', at: '2026-08-31T23:30:00Z', level: 'I', reply: '2026-09-01T00:10:00Z' },
  { institution: 'uni-a', at: '2026-09-07T10:00:00Z', level: 'II', reply: '2026-09-07T13:00:00Z' },
  { institution: 'uni-c', at: '2026-09-08T14:00:00Z', level: 'III', reply: '2026-09-08T17:00:00Z' },
  { institution: 'uni-c', at: '2026-09-09T14:00:00Z', level: 'IV', reply: '2026-09-14T14:00:00Z' },
  { institution: 'uni-a', at: '2026-09-15T08:00:00Z', level: 'new-integration', reply: null },
  { institution: 'uni-a', at: '2026-09-21T09:15:00Z', level: 'III', reply: '2026-09-21T15:00:00Z' },
  // Across the London DST change (Sunday 25 October).
  { institution: 'uni-a', at: '2026-10-23T15:00:00Z', level: 'III', reply: '2026-10-26T10:30:00Z' },
  { institution: 'uni-a', at: '2026-10-23T15:30:00Z', level: 'IV', reply: '2026-10-27T16:00:00Z' },
  { institution: 'uni-a', at: '2026-10-24T23:00:00Z', level: 'I', reply: '2026-10-25T00:30:00Z' },
  { institution: 'uni-a', at: '2026-10-25T00:30:00Z', level: 'II', reply: '2026-10-25T02:20:00Z' },
  // Across the New York DST change (1 November) and Thanksgiving.
  { institution: 'uni-c', at: '2026-10-30T20:00:00Z', level: 'III', reply: '2026-11-02T16:00:00Z' },
  { institution: 'uni-c', at: '2026-11-25T21:00:00Z', level: 'III', reply: '2026-11-27T15:00:00Z' },
  { institution: 'uni-c', at: '2026-11-25T20:00:00Z', level: 'IV', reply: null },
  { institution: 'uni-c', at: '2026-11-10T03:00:00Z', level: 'I', reply: '2026-11-10T05:00:00Z' },
  { institution: 'uni-c', at: '2026-11-12T15:00:00Z', level: 'ux-redesign', reply: null },
  // Over Christmas in London.
  { institution: 'uni-a', at: '2026-12-24T16:00:00Z', level: 'III', reply: '2026-12-29T10:00:00Z' },
  { institution: 'uni-a', at: '2026-12-24T16:30:00Z', level: 'IV', reply: '2026-12-29T16:00:00Z' },
  { institution: 'uni-a', at: '2026-12-25T12:00:00Z', level: 'II', reply: '2026-12-25T13:59:00Z' },
  { institution: 'uni-a', at: '2026-12-31T17:00:00Z', level: 'III', reply: null },
  // January: still running at NOW, and breached without a reply.
  { institution: 'uni-a', at: '2027-01-20T10:00:00Z', level: 'III', reply: null },
  { institution: 'uni-c', at: '2027-01-20T11:00:00Z', level: 'IV', reply: null },
  { institution: 'uni-a', at: '2027-01-20T11:30:00Z', level: 'I', reply: null },
  { institution: 'uni-a', at: '2027-01-20T09:00:00Z', level: 'I', reply: null },
  { institution: 'uni-c', at: '2027-01-12T15:00:00Z', level: 'II', reply: '2027-01-12T15:45:00Z' },
  { institution: 'uni-a', at: '2027-01-13T09:00:00Z', level: 'IV', reply: '2027-01-13T09:30:00Z' },
];

const MINUTE = 60_000;
const ms = (iso: string) => Date.parse(iso);

function levelOf(seed: Seed): Level {
  return seed.level === 'new-integration' || seed.level === 'ux-redesign' ? 'IV' : seed.level;
}

/** What the report must say about one seeded case, worked out from the seed and the reference calendar only. */
function expectedOutcome(seed: Seed) {
  if (seed.level === 'new-integration' || seed.level === 'ux-redesign') return { outcome: 'not-covered' as const, seconds: null, due: null };
  const calendar = CALENDARS[seed.institution]!;
  const start = ms(seed.at);
  const business = seed.level === 'III' || seed.level === 'IV';
  const targetMinutes = { I: 60, II: 120, III: calendar.dayMinutes, IV: 2 * calendar.dayMinutes }[seed.level];
  const due = business ? referenceAdd(start, targetMinutes, calendar) : start + targetMinutes * MINUTE;
  const seconds = seed.reply === null ? null : (business ? referenceBetween(start, ms(seed.reply), calendar) : (ms(seed.reply) - start) / MINUTE) * 60;
  const outcome = seed.reply !== null ? (ms(seed.reply) <= due ? 'met' : 'breached') : ms(NOW) > due ? 'breached' : 'running';
  return { outcome, seconds, due };
}

function inPeriod(seed: Seed, from: string, to: string): boolean {
  const local = DateTime.fromISO(seed.at, { zone: 'Europe/London' }).toISODate()!;
  return local >= from && local <= to;
}

function expectedFigures(seeds: readonly (Seed & { outcome: string; seconds: number | null })[]) {
  const count = (o: string) => seeds.filter((s) => s.outcome === o).length;
  const seconds = seeds.filter((s) => s.seconds !== null).map((s) => s.seconds!);
  const met = count('met');
  const breached = count('breached');
  return {
    opened: seeds.length,
    notCovered: count('not-covered'),
    met,
    breached,
    running: count('running'),
    compliance: met + breached === 0 ? null : met / (met + breached),
    timeToFirstResponse: { count: seconds.length, medianSeconds: percentile(seconds, 0.5), p90Seconds: percentile(seconds, 0.9), maxSeconds: seconds.length ? Math.max(...seconds) : null },
  };
}

let api: ApiHarness;
let now = 0;
let agent = '';
const caseNumbers = new Map<Seed, string>();

beforeAll(async () => {
  api = await startApi({ clock: { now: () => now } });
  agent = await api.token({ role: 'agent', name: 'Sam Support' });
  const steps = SEEDS.flatMap((seed) => [
    { at: ms(seed.at), seed, kind: 'open' as const },
    ...(seed.reply ? [{ at: ms(seed.reply), seed, kind: 'reply' as const }] : []),
  ]).sort((a, b) => a.at - b.at || (a.kind === 'open' ? -1 : 1));
  for (const step of steps) {
    now = step.at;
    if (step.kind === 'open') {
      const { seed } = step;
      const requestType = seed.level === 'new-integration' || seed.level === 'ux-redesign' ? seed.level : 'defect';
      const answer = await api.request('POST', '/cases', {
        token: agent,
        body: { ...caseInput({ requestType, impact: IMPACT[levelOf(seed)], title: `seed ${seed.at}` }), institution: seed.institution },
      });
      expect(answer.status).toBe(201);
      caseNumbers.set(seed, answer.json.caseNumber);
    } else {
      const answer = await api.request('POST', `/cases/${caseNumbers.get(step.seed)}/comments`, { token: agent, body: { body: 'We are on it.', visibility: 'public' } });
      expect(answer.status).toBe(201);
    }
  }
  now = ms(NOW);
}, 120_000);

afterAll(async () => {
  await api.close();
});

describe('GET /reports/sla', () => {
  it('matches, number by number, the report computed independently from the seed (JSON and CSV)', async () => {
    const [from, to] = ['2026-09-01', '2027-01-31'];
    const answer = await api.request('GET', `/reports/sla?from=${from}&to=${to}&zone=Europe/London`, { token: agent });
    expect(answer.status).toBe(200);
    const report = answer.json;

    const seeds = SEEDS.filter((s) => inPeriod(s, from, to)).map((s) => ({ ...s, ...expectedOutcome(s) }));
    expect(seeds.length).toBe(SEEDS.length - 2);
    for (const level of ['I', 'II', 'III', 'IV'] as const) {
      expect(report.levels[level], `level ${level}`).toEqual(expectedFigures(seeds.filter((s) => levelOf(s) === level)));
    }
    expect(report.total).toEqual(expectedFigures(seeds));
    expect(report.itemsRead).toBe(seeds.length);
    const breaches = seeds
      .filter((s) => s.outcome === 'breached')
      .map((s) => ({ caseNumber: caseNumbers.get(SEEDS.find((x) => x.at === s.at && x.institution === s.institution)!)!, institution: s.institution, level: levelOf(s), due: s.due, respondedAt: s.reply }));
    expect(report.breaches.map((b: { caseNumber: string }) => b.caseNumber)).toEqual(breaches.map((b) => b.caseNumber).sort());
    for (const b of report.breaches) {
      const expected = breaches.find((x) => x.caseNumber === b.caseNumber)!;
      expect(Date.parse(b.firstResponseDueAt)).toBe(expected.due);
      expect(b.respondedAt === null ? null : Date.parse(b.respondedAt)).toBe(expected.respondedAt === null ? null : ms(expected.respondedAt));
      expect(b).toMatchObject({ institution: expected.institution, level: expected.level });
    }
    // The seed covers what it must.
    const outcomes = new Set(seeds.map((s) => s.outcome));
    expect(outcomes).toEqual(new Set(['met', 'breached', 'running', 'not-covered']));

    const csv = await api.request('GET', `/reports/sla?from=${from}&to=${to}&zone=Europe/London`, { token: agent, headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [table, breachTable] = csv.text.trim().split('\r\n\r\n') as [string, string];
    const rows = table.split('\r\n').map((line) => line.split(','));
    expect(rows[0]).toEqual(['level', 'opened', 'not_covered', 'met', 'breached', 'running', 'compliance', 'median_seconds', 'p90_seconds', 'max_seconds']);
    for (const [section, ...cells] of rows.slice(1)) {
      const f = section === 'total' ? expectedFigures(seeds) : expectedFigures(seeds.filter((s) => levelOf(s) === section));
      const n = (v: number | null) => (v === null ? '' : String(v));
      expect(cells, section).toEqual([n(f.opened), n(f.notCovered), n(f.met), n(f.breached), n(f.running), f.compliance === null ? '' : String(Number(f.compliance.toFixed(4))), n(f.timeToFirstResponse.medianSeconds), n(f.timeToFirstResponse.p90Seconds), n(f.timeToFirstResponse.maxSeconds)]);
    }
    expect(breachTable.split('\r\n').slice(1).map((line) => line.split(',')[0])).toEqual(breaches.map((b) => b.caseNumber).sort());
  });

  it('reads only the partitions of the period asked for', async () => {
    const december = await api.request('GET', '/reports/sla?from=2026-12-01&to=2026-12-31&zone=UTC', { token: agent });
    const inDecember = SEEDS.filter((s) => s.at.startsWith('2026-12')).length;
    expect(december.json.total.opened).toBe(inDecember);
    expect(december.json.itemsRead).toBe(inDecember);
    const oneInstitution = await api.request('GET', '/reports/sla?from=2026-09-01&to=2027-01-31&zone=UTC&institution=uni-c', { token: agent });
    expect(oneInstitution.json.itemsRead).toBe(oneInstitution.json.total.opened);
    expect(oneInstitution.json.total.opened).toBe(SEEDS.filter((s) => s.institution === 'uni-c' && s.at >= '2026-09-01' && s.at < '2027-02-01').length);
  });

  it("gives a customer its own institution's figures only, whatever it asks for", async () => {
    const customer = await api.token({ role: 'customer', institution: 'uni-c' });
    const asked = await api.request('GET', '/reports/sla?from=2026-09-01&to=2027-01-31&institution=uni-a', { token: customer });
    expect(asked.status).toBe(200);
    expect(asked.json.institution).toBe('uni-c');
    expect(asked.json.breaches.every((b: { institution: string }) => b.institution === 'uni-c')).toBe(true);
    const staffView = await api.request('GET', '/reports/sla?from=2026-09-01&to=2027-01-31&institution=uni-c', { token: agent });
    expect(asked.json.total).toEqual(staffView.json.total);
  });

  it('filters by level', async () => {
    const answer = await api.request('GET', '/reports/sla?from=2026-09-01&to=2027-01-31&zone=Europe/London&level=III', { token: agent });
    expect(Object.keys(answer.json.levels)).toEqual(['III']);
    expect(answer.json.total).toEqual(answer.json.levels.III);
    expect(answer.json.breaches.every((b: { level: string }) => b.level === 'III')).toBe(true);
  });

  it('refuses invalid, reversed and too long ranges with 400', async () => {
    const bad = ['from=2026-13-01&to=2027-01-01', 'from=2027-01-31&to=2027-01-01', 'from=2025-01-01&to=2026-12-31', 'to=2027-01-01', 'from=2026-01-01&to=2026-02-01&zone=Mars/Base'];
    for (const query of bad) {
      const answer = await api.request('GET', `/reports/sla?${query}`, { token: agent });
      expect(answer.status, query).toBe(400);
      expect(answer.json.code, query).toBe('validation-failed');
    }
  });
});
