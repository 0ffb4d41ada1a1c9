import { randomBytes } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { HmacPageCursors } from '../../shared/adapters/crypto/hmac-page-cursors.js';
import { DynamoDbReportStore } from '../../shared/adapters/dynamodb/dynamodb-report-store.js';
import { REPORTED } from '../../shared/adapters/dynamodb/report-aggregate-items.js';
import { type AggregateRecord, contributionOf, recordFrom, sumContributions } from '../../shared/domain/sla-aggregates.js';
import { slaReport } from '../../shared/domain/sla-report.js';
import type { Principal } from '../../shared/domain/principal.js';
import type { Impact, RequestType, ResponseLevel } from '../../shared/domain/support-policy.js';
import { makeSlaReport } from '../../shared/use-cases/sla-report.js';
import { agent, caseInput, customerOf, manager } from '../support/builders.js';
import { type SlaWorld, slaWorld } from '../support/sla-world.js';

/**
 * The key correctness test of the report aggregates: a history made through the real use cases and their
 * transactions (intake, first responses on time and late, level changes before and after a response, reclassifying
 * out of and back into cover, closing unanswered before the deadline, resolving and reopening, timers firing on
 * virtual time) leaves aggregates that equal the sum of the cases' contributions, and reports from them that equal,
 * figure by figure and breach by breach, the per-case computation over the same cases, whatever the period, zone,
 * institution, level and moment of asking.
 */
const HOUR = 3_600_000;
const START = '2026-10-19T06:00:00Z';
const INSTITUTIONS = ['uni-a', 'uni-b', 'uni-c'] as const;

let seed = 11;
const random = () => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

type Step = { at: number; run: () => Promise<unknown> };

/** ~90 cases over two and a half weeks (across both DST changes), each with a few things happening to it. */
function history(world: SlaWorld): Step[] {
  const start = Date.parse(START);
  const steps: Step[] = [];
  for (let i = 0; i < 90; i++) {
    const openedAt = start + Math.floor(random() * 17 * 24 * HOUR);
    const institution = pick(INSTITUTIONS);
    const input = caseInput({
      title: `case ${i}`,
      impact: pick<Impact>(['service-down', 'module-down', 'degraded', 'question']),
      requestType: pick<RequestType>(['defect', 'defect', 'query', 'enhancement', 'new-integration']),
    });
    let caseNumber = '';
    steps.push({ at: openedAt, run: async () => (caseNumber = (await world.deps.openCase(customerOf(institution), input)).supportCase.caseNumber) });
    const later = (maxHours: number) => openedAt + 60_000 + Math.floor(random() * maxHours * HOUR);
    const act = (at: number, run: () => Promise<unknown>) => steps.push({ at, run: () => run().catch(() => undefined) });
    const roll = random();
    if (roll < 0.45) act(later(roll < 0.2 ? 2 : 60), () => world.deps.addComment(agent, caseNumber, { body: 'On it.', visibility: 'public' }));
    else if (roll < 0.55) act(later(3), () => world.deps.updateCase(customerOf(institution), caseNumber, '*', { status: 'closed' }));
    else if (roll < 0.65) act(later(30), () => world.deps.changeLevel(caseNumber, pick<ResponseLevel>(['I', 'II', 'III', 'IV']), 'reassessed', agent));
    else if (roll < 0.72) act(later(5), () => world.deps.updateCase(agent, caseNumber, '*', { requestType: 'new-integration', reason: 'not support' }));
    if (random() < 0.3) act(later(80), () => world.deps.changeLevel(caseNumber, pick<ResponseLevel>(['I', 'II', 'III', 'IV']), 'second look', agent));
    if (random() < 0.25) {
      const resolvedAt = later(50);
      act(resolvedAt, () => world.deps.updateCase(agent, caseNumber, '*', { status: 'resolved' }));
      if (random() < 0.6) act(resolvedAt + Math.floor(random() * 40 * HOUR), () => world.deps.updateCase(customerOf(institution), caseNumber, '*', { status: 'in-progress' }));
    }
    if (random() < 0.15) act(later(70), () => world.deps.updateCase(agent, caseNumber, '*', { requestType: 'defect', reason: 'covered after all' }));
  }
  return steps.sort((a, b) => a.at - b.at);
}

async function play(world: SlaWorld, steps: readonly Step[], until: number): Promise<void> {
  while (steps.length > 0 && steps[0]!.at <= until) {
    const step = (steps as Step[]).shift()!;
    await world.timeline.advanceTo(step.at);
    await step.run();
    await world.timeline.settle();
  }
  await world.timeline.advanceTo(until);
}

/** Every case of the table, read item by item (the per-case view). */
async function allCases(world: SlaWorld) {
  return (await new DynamoDbReportStore(world.client, world.tableName).casesCreatedBetween(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2028-01-01T00:00:00Z'))).cases;
}

/** The stored aggregates, those whose cases all went elsewhere (no cells left) left out (they mean nothing). */
async function storedAggregates(world: SlaWorld): Promise<AggregateRecord[]> {
  const { records } = await new DynamoDbReportStore(world.client, world.tableName).aggregates('2026-01-01', '2027-12-31', INSTITUTIONS);
  return records.map(recordFrom).filter((r) => r.cells.length > 0);
}

const byKey = (records: readonly AggregateRecord[]) => Object.fromEntries(records.map((r) => [`${r.key.day}#${r.key.institution}#${r.key.shard}`, r.cells]));

function reportWith(world: SlaWorld, breachesPerPage: number) {
  return makeSlaReport({
    reports: new DynamoDbReportStore(world.client, world.tableName),
    clock: world.timeline.clock,
    maxDays: 366,
    institutions: () => INSTITUTIONS,
    cursors: new HmacPageCursors(async () => randomBytes(32), world.timeline.clock),
    breachesPerPage,
  });
}

const QUERIES = [
  { from: '2026-10-19', to: '2026-11-30', zone: 'Europe/London' },
  { from: '2026-10-19', to: '2026-11-30', zone: 'UTC' },
  { from: '2026-10-21', to: '2026-10-27', zone: 'Australia/Sydney' },
  // Midnight at 18:30 UTC: the ragged half hours at both ends are read case by case.
  { from: '2026-10-22', to: '2026-11-03', zone: 'Asia/Kolkata' },
  { from: '2026-10-25', to: '2026-11-01', zone: 'America/New_York', institution: 'uni-c' },
  { from: '2026-10-19', to: '2026-11-30', zone: 'Europe/London', level: 'III' as const },
  { from: '2026-10-26', to: '2026-10-26', zone: 'Europe/London', institution: 'uni-a', level: 'IV' as const },
];

/** The report as the aggregates give it, every page of breaches followed, against the per-case computation. */
async function compareReports(world: SlaWorld, who: Principal = manager): Promise<number> {
  const report = reportWith(world, 7);
  let compared = 0;
  for (const query of QUERIES) {
    const first = await report(who, query);
    const breaches = [...first.breaches];
    for (let cursor = first.nextBreachesCursor; cursor !== null; ) {
      const next = await report(who, { ...query, breachesCursor: cursor });
      breaches.push(...next.breaches);
      cursor = next.nextBreachesCursor;
    }
    const perCase = await new DynamoDbReportStore(world.client, world.tableName).casesCreatedBetween(Date.parse(zoneMidnight(query.zone, query.from)), Date.parse(zoneMidnight(query.zone, nextDay(query.to))), query.institution);
    const expected = slaReport(perCase.cases, world.timeline.now, query.level);
    expect(first.levels, JSON.stringify(query)).toEqual(expected.levels);
    expect(first.total, JSON.stringify(query)).toEqual(expected.total);
    expect(breaches, JSON.stringify(query)).toEqual(expected.breaches);
    expect(first.itemsRead).toBe(perCase.cases.length);
    compared += perCase.cases.length;
  }
  return compared;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** Local midnight of `day` in `zone`, as an instant (independent of the service's own wall-time code: Intl only). */
function zoneMidnight(zone: string, day: string): string {
  const guess = Date.parse(`${day}T00:00:00Z`);
  for (let offsetMinutes = -14 * 60; offsetMinutes <= 14 * 60; offsetMinutes += 15) {
    const instant = guess - offsetMinutes * 60_000;
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
    if (parts.replace(',', '') === `${day} 00:00`) return new Date(instant).toISOString();
  }
  throw new Error(`no midnight found for ${day} in ${zone}`);
}

describe('SLA report aggregates, made through the real transactions', () => {
  it('equal the per-case computation at every moment, for every period, zone, institution and level', async () => {
    const world = await slaWorld({ start: START });
    const steps = history(world);
    const checkpoints = ['2026-10-24T12:00:00Z', '2026-10-29T09:17:00Z', '2026-11-06T18:00:00Z', '2026-12-01T00:00:00Z'].map(Date.parse);
    let compared = 0;
    for (const checkpoint of checkpoints) {
      await play(world, steps, checkpoint);
      const cases = await allCases(world);
      expect(byKey(await storedAggregates(world))).toEqual(byKey(sumContributions(cases.map(contributionOf))));
      compared += await compareReports(world);
    }
    // The history covers what it must: every outcome, level changes, closed unanswered, reopened, not covered.
    const final = slaReport(await allCases(world), world.timeline.now);
    expect(final.total.opened).toBe(90);
    expect(final.total.met).toBeGreaterThan(5);
    expect(final.total.breached).toBeGreaterThan(5);
    expect(final.total.notCovered).toBeGreaterThan(3);
    expect(final.total.timeToFirstResponse.count).toBeGreaterThan(20);
    expect(compared).toBeGreaterThan(300);
  }, 300_000);

  it('counts every case of a burst at one institution: concurrent intakes and first responses on the same day all go through, each counted once', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const opened = await Promise.all(Array.from({ length: 16 }, (_, i) => world.deps.openCase(customerOf('uni-a'), caseInput({ title: `outage ${i}`, impact: 'service-down' }))));
    await world.timeline.advanceBy(10 * 60_000);
    await Promise.all(opened.map(({ supportCase }) => world.deps.addComment(agent, supportCase.caseNumber, { body: 'On it.', visibility: 'public' })));
    const cases = await allCases(world);
    expect(cases.filter((c) => c.firstResponse !== null)).toHaveLength(16);
    const stored = await storedAggregates(world);
    expect(new Set(stored.map((r) => r.key.shard)).size).toBe(4);
    expect(byKey(stored)).toEqual(byKey(sumContributions(cases.map(contributionOf))));
  });

  it('counts a replayed change once: the second attempt of the same transaction is refused and changes nothing', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const opened = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'service-down' }));
    const loaded = (await world.deps.updates.loadCase(opened.supportCase.caseNumber))!;
    const next = { ...loaded.supportCase, responseLevel: 'III' as const, version: loaded.supportCase.version + 1, updatedAt: '2026-11-30T10:30:00Z' };
    const change = { previous: loaded.supportCase, next, cancel: [], create: [], events: [], alerts: [] };
    expect(await world.deps.updates.applyCaseChange(change)).toBe('applied');
    const after = await storedAggregates(world);
    expect(await world.deps.updates.applyCaseChange(change)).toBe('stale');
    expect(await storedAggregates(world)).toEqual(after);
    expect(byKey(after)).toEqual(byKey(sumContributions([contributionOf(next)])));
  });

  it('counts cases written before the aggregates, or counted in their earlier form, once: by their next change or by the backfill, run any number of times', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const numbers: string[] = [];
    for (const institution of INSTITUTIONS) numbers.push((await world.deps.openCase(customerOf(institution), caseInput({ impact: 'degraded' }))).supportCase.caseNumber);
    await world.timeline.advanceBy(HOUR);
    // As the table was before aggregates (no aggregate items, no marks on the first two cases), or with the aggregates' earlier
    // form (the third case marked `true`, an item of one attribute per entry under the day's sort key, which nothing reads any more).
    const aggregates = await world.client.send(new ScanCommand({ TableName: world.tableName, FilterExpression: 'begins_with(pk, :report)', ExpressionAttributeValues: { ':report': { S: 'REPORT#' } } }));
    for (const item of aggregates.Items ?? []) await world.client.send(new DeleteItemCommand({ TableName: world.tableName, Key: { pk: item.pk!, sk: item.sk! } }));
    for (const n of numbers) {
      const update = n === numbers[2] ? { UpdateExpression: 'SET #r = :true', ExpressionAttributeValues: { ':true': { BOOL: true } } } : { UpdateExpression: 'REMOVE #r' };
      await world.client.send(new UpdateItemCommand({ TableName: world.tableName, Key: { pk: { S: `CASE#${n}` }, sk: { S: 'CASE' } }, ...update, ExpressionAttributeNames: { '#r': REPORTED } }));
    }
    await world.client.send(new PutItemCommand({ TableName: world.tableName, Item: { pk: { S: 'REPORT#uni-c#2026-11' }, sk: { S: '2026-11-30' }, '3o': { N: '1' }, '3u_00000003': { N: '1764514800000' } } }));
    expect(await storedAggregates(world)).toEqual([]);

    await world.deps.addComment(agent, numbers[0]!, { body: 'Looking.', visibility: 'public' });
    expect(await world.deps.backfillReportAggregates()).toEqual({ counted: 2, skipped: 0 });
    expect(await world.deps.backfillReportAggregates()).toEqual({ counted: 0, skipped: 0 });
    expect(byKey(await storedAggregates(world))).toEqual(byKey(sumContributions((await allCases(world)).map(contributionOf))));
    const marked = await world.client.send(new QueryCommand({ TableName: world.tableName, IndexName: 'by-month', KeyConditionExpression: 'gsi2pk = :m', ExpressionAttributeValues: { ':m': { S: 'MONTH#2026-11' } } }));
    expect((marked.Items ?? []).map((item) => unmarshall(item)[REPORTED])).toEqual([2, 2, 2]);
  });
});
