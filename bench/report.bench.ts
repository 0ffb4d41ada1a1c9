/**
 * `npm run bench:report`: the SLA report's cost against the number of cases. Two volumes of cases over the same
 * twelve months (CASES_SMALL, default 20,000, and CASES_LARGE, default 200,000), each in its own table of DynamoDB
 * Local: the report aggregates are written straight to the table as the transactions would have left them
 * (`sumContributions`; that they equal what the real transactions build is proven by
 * test/flows/report-aggregates.test.ts), and so are the case items of the breached cases (the `BREACH#` lists of the
 * sparse `lists` index the breach list pages through). A London period's ends fall on whole hours, so no case is
 * read one by one. Then it times a twelve-month report (JSON, first page of breaches) on each, median of five runs
 * after a warm-up, and prints the items the store read. Cost follows the days, so the ratio of the two should be
 * close to 1. It also measures the aggregate items of a day of 10,000 cases.
 */
import { BatchWriteItemCommand, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { HmacPageCursors } from '../shared/adapters/crypto/hmac-page-cursors.js';
import { DynamoDbReportStore } from '../shared/adapters/dynamodb/dynamodb-report-store.js';
import { caseItem } from '../shared/adapters/dynamodb/items.js';
import { aggregateItem } from '../shared/adapters/dynamodb/report-aggregate-items.js';
import { supportDirectory } from '../shared/config/support-config.js';
import { elapsedInClock, slaForCase } from '../shared/domain/deadlines.js';
import { formatInstant } from '../shared/domain/instant-text.js';
import { contributionOf, isRecordedBreach, sumContributions } from '../shared/domain/sla-aggregates.js';
import { type SupportCase, slaRecordOf } from '../shared/domain/support-case.js';
import type { Impact, RequestType } from '../shared/domain/support-policy.js';
import { makeSlaReport } from '../shared/use-cases/sla-report.js';

const CASES_SMALL = Number(process.env.CASES_SMALL ?? 20_000);
const CASES_LARGE = Number(process.env.CASES_LARGE ?? 200_000);
const START = Date.parse('2025-07-01T00:00:00Z');
const END = Date.parse('2026-07-01T00:00:00Z');
const RUNS = 5;
const directory = supportDirectory();

/** mulberry32: a seeded generator in 32-bit integer arithmetic (the same sequence on every run). */
let seed = 7;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A case opened at `createdAt`, answered (90 %) somewhere up to 1.25 times its deadline, or never. */
function syntheticCase(n: number, createdAt: number, institutionId = pick(['uni-a', 'uni-b', 'uni-c'])): SupportCase {
  const institution = directory.institutions.get(institutionId)!;
  const calendar = directory.calendarAt(institution, createdAt);
  const requestType = pick<RequestType>(['defect', 'query', 'defect', 'enhancement', 'new-integration']);
  const impact = pick<Impact>(['service-down', 'module-down', 'degraded', 'question']);
  const sla = slaForCase({ environment: 'production', impact, requestType }, createdAt, calendar, directory.policy);
  const due = sla.firstResponse?.dueAt;
  const responded = due !== undefined && random() < 0.9 ? createdAt + Math.floor(random() * 1.25 * (due - createdAt)) : null;
  const at = formatInstant(createdAt);
  return {
    caseNumber: String(n + 1).padStart(8, '0'),
    institution: institution.id,
    title: `bench case ${n}`,
    description: 'seeded for bench:report',
    requestType,
    environment: 'production',
    impact,
    productArea: 'bench',
    scenario: null,
    connectLayer: institution.connectLayer,
    contact: { name: 'Bench', email: 'bench@example.com', phone: null },
    responseLevel: sla.responseLevel,
    status: responded ? 'resolved' : sla.coverage.covered ? 'new' : 'redirected',
    resolvedAt: null,
    assignee: null,
    coverage: sla.coverage,
    sla: sla.firstResponse && slaRecordOf(sla.firstResponse, 1),
    slaState: due === undefined ? 'none' : responded ? (responded <= due ? 'met' : 'late') : 'breached',
    escalationStep: 0,
    lastEscalationAlertAt: null,
    secretsPurgeDueAt: null,
    firstResponse:
      responded && due !== undefined
        ? { at: formatInstant(responded), met: responded <= due, elapsedMs: elapsedInClock(directory.policy.levels[sla.responseLevel], createdAt, responded, calendar), by: { role: 'agent', name: 'Bench' } }
        : null,
    appCredentialsProvided: false,
    remoteAccessProvided: false,
    missingInformation: ['app-credentials', 'scenario'],
    openedBy: { sub: 'bench', role: 'agent', name: 'Bench' },
    createdAt: at,
    // Written when it was answered, or (unanswered) when its breach timer fired.
    updatedAt: formatInstant(responded ?? (due !== undefined ? due + 1_000 : createdAt)),
    version: 1,
  };
}

async function writeAll(client: ReturnType<typeof localClient>, tableName: string, items: Record<string, AttributeValue>[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
  for (let i = 0; i < batches.length; i += 4) {
    await Promise.all(
      batches.slice(i, i + 4).map(async (batch) => {
        let pending: WriteRequest[] | undefined = batch;
        while (pending && pending.length > 0) {
          const result: { UnprocessedItems?: Record<string, WriteRequest[]> } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
          pending = result.UnprocessedItems?.[tableName];
        }
      }),
    );
  }
}

/** DynamoDB's item size: each attribute's name plus its value (numbers: 1 byte + 1 per two significant digits). */
function itemBytes(item: Record<string, AttributeValue>): number {
  const valueBytes = (value: AttributeValue): number => {
    if (value.S !== undefined) return Buffer.byteLength(value.S);
    if (value.N !== undefined) return 1 + Math.ceil(value.N.replace(/^-/, '').replace(/\./, '').replace(/^0+/, '').replace(/0+$/, '').length / 2);
    if (value.B !== undefined) return value.B.length;
    if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
    if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueBytes(v) + 1, 0);
    if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + valueBytes(v) + 1, 0);
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

/** Seeds one volume in a table of its own and times a twelve-month report on it. */
async function volume(client: ReturnType<typeof localClient>, cases: number) {
  const tableName = `bench-report-${cases}`;
  await ensureTable(client, tableName);
  const seeding = Date.now();
  const all = Array.from({ length: cases }, (_, n) => syntheticCase(n, START + Math.floor(((END - START) * n) / cases + random() * 60_000)));
  const aggregates = sumContributions(all.map(contributionOf)).map((record) => aggregateItem(record));
  // The case items a report can read: the breached ones (`BREACH#` lists of the `lists` index).
  const read = all.filter(isRecordedBreach).map(caseItem);
  await writeAll(client, tableName, [...aggregates, ...read]);
  console.log(`${cases} cases over twelve months: ${aggregates.length} aggregate items and ${read.length} case items (breached) written in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

  const clock = { now: () => END };
  const report = makeSlaReport({
    reports: new DynamoDbReportStore(client, tableName),
    clock,
    maxDays: 366,
    institutions: () => [...directory.institutions.keys()],
    cursors: new HmacPageCursors(async () => randomBytes(32), clock),
  });
  const manager = { sub: 'bench', role: 'manager' as const, name: 'Bench', institution: null };
  const samples: number[] = [];
  let result: Awaited<ReturnType<typeof report>> | undefined;
  for (let run = 0; run < RUNS + 1; run++) {
    const started = process.hrtime.bigint();
    result = await report(manager, { from: '2025-07-01', to: '2026-06-30', zone: 'Europe/London' });
    if (run > 0) samples.push(Number(process.hrtime.bigint() - started) / 1e6); // the first run warms up
  }
  samples.sort((a, b) => a - b);
  const ms = samples[Math.floor(samples.length / 2)]!;
  // The period is London's: it starts and ends at 23:00 UTC (summer time).
  const inPeriod = all.filter((c) => c.createdAt >= '2025-06-30T23:00:00Z' && c.createdAt < '2026-06-30T23:00:00Z').length;
  if (result!.total.opened !== inPeriod) throw new Error(`the report counted ${result!.total.opened} cases of ${inPeriod}`);
  console.log(
    `  twelve-month report: ${result!.total.opened} cases (${result!.total.breached} breached, ${result!.breaches.length} on the first page), ${result!.storeItemsRead} items read, median ${ms.toFixed(1)} ms over ${RUNS} runs`,
  );
  return { items: result!.storeItemsRead, ms };
}

/** The aggregate items of a day of 10,000 cases at one institution (levels as the policy gives them, then all at one level). */
function itemSizesAtTenThousandADay(): void {
  const day = Date.parse('2026-03-10T00:00:00Z');
  const cases = Array.from({ length: 10_000 }, (_, n) => syntheticCase(n, day + Math.floor(random() * 86_400_000), 'uni-a'));
  const sizes = (all: SupportCase[]) => sumContributions(all.map(contributionOf)).map((record) => itemBytes(aggregateItem(record)));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const describe = (all: SupportCase[]) => {
    const each = sizes(all);
    return `${kb(each.reduce((sum, n) => sum + n, 0))} in ${each.length} shard items (largest ${kb(Math.max(...each))})`;
  };
  console.log(`aggregates of one day of 10,000 cases at one institution: ${describe(cases)}; all 10,000 at level III: ${describe(cases.map((c) => ({ ...c, responseLevel: 'III' })))}; the item limit is 400 KB`);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  itemSizesAtTenThousandADay();
  const dynamo = await startDynamoDbLocal();
  const client = localClient(dynamo.endpoint);
  try {
    const small = await volume(client, CASES_SMALL);
    const large = await volume(client, CASES_LARGE);
    console.log(
      `report-bench: cases_small=${CASES_SMALL} cases_large=${CASES_LARGE} ms_small=${Math.round(small.ms)} ms_large=${Math.round(large.ms)} items_large=${large.items} ratio=${(large.ms / small.ms).toFixed(2)}`,
    );
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

await main();
