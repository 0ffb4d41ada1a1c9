/**
 * `npm run bench:report`: seeds 50,000 cases over 24 months into DynamoDB Local
 * (written straight to the table in batches, with the service's own item
 * layout), then times the SLA report for one month and for twelve months and
 * prints items read and milliseconds for each, and the ratio of twelve months
 * to one month. A report reads only its period's partitions, so the ratio
 * should be close to 12.
 */
import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { DynamoDbCaseStore } from '../shared/adapters/dynamodb/dynamodb-case-store.js';
import { caseItem } from '../shared/adapters/dynamodb/items.js';
import { secretsTableName } from '../shared/adapters/dynamodb/table-layout.js';
import { supportDirectory } from '../shared/config/support-config.js';
import { elapsedInClock, slaForCase } from '../shared/domain/deadlines.js';
import { formatInstant } from '../shared/domain/instant-text.js';
import { type SupportCase, slaRecordOf } from '../shared/domain/support-case.js';
import type { Impact, RequestType } from '../shared/domain/support-policy.js';
import { makeSlaReport } from '../shared/use-cases/sla-report.js';

const CASES = Number(process.env.CASES ?? 50_000);
const START = Date.parse('2025-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');
const RUNS = 5;

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function syntheticCase(n: number): SupportCase {
  const directory = supportDirectory();
  const institution = directory.institutions.get(pick(['uni-a', 'uni-b', 'uni-c']))!;
  const createdAt = START + Math.floor(((END - START) * n) / CASES + random() * 60_000);
  const calendar = directory.calendarAt(institution, createdAt);
  const requestType = pick<RequestType>(['defect', 'query', 'defect', 'enhancement', 'new-integration']);
  const impact = pick<Impact>(['service-down', 'module-down', 'degraded', 'question']);
  const sla = slaForCase({ environment: 'production', impact, requestType }, createdAt, calendar, directory.policy);
  const responded = sla.firstResponse && random() < 0.9 ? createdAt + Math.floor(random() * 2 * sla.firstResponse.targetMs * 2) : null;
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
    status: responded ? 'resolved' : 'new',
    resolvedAt: null,
    assignee: null,
    coverage: sla.coverage,
    sla: sla.firstResponse && slaRecordOf(sla.firstResponse, 1),
    slaState: sla.firstResponse ? (responded ? (responded <= sla.firstResponse.dueAt ? 'met' : 'late') : 'breached') : 'none',
    escalationStep: 0,
    lastEscalationAlertAt: null,
      secretsPurgeDueAt: null,
    firstResponse:
      responded && sla.firstResponse
        ? {
            at: formatInstant(responded),
            met: responded <= sla.firstResponse.dueAt,
            elapsedMs: elapsedInClock(directory.policy.levels[sla.responseLevel], createdAt, responded, calendar),
            by: { role: 'agent', name: 'Bench' },
          }
        : null,
    appCredentialsProvided: false,
    remoteAccessProvided: false,
    missingInformation: ['app-credentials', 'scenario'],
    openedBy: { sub: 'bench', role: 'agent', name: 'Bench' },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  const client = localClient(dynamo.endpoint);
  try {
    await ensureTable(client, 'bench-report');
    const seeding = Date.now();
    const requests: WriteRequest[][] = [];
    for (let i = 0; i < CASES; i += 25) {
      requests.push(Array.from({ length: Math.min(25, CASES - i) }, (_, j) => ({ PutRequest: { Item: caseItem(syntheticCase(i + j)) } })));
    }
    for (let i = 0; i < requests.length; i += 4) {
      await Promise.all(
        requests.slice(i, i + 4).map(async (batch) => {
          let pending: WriteRequest[] | undefined = batch;
          while (pending && pending.length > 0) {
            const result: { UnprocessedItems?: Record<string, WriteRequest[]> } = await client.send(new BatchWriteItemCommand({ RequestItems: { 'bench-report': pending } }));
            pending = result.UnprocessedItems?.['bench-report'];
          }
        }),
      );
    }
    console.log(`seeded ${CASES} cases over 24 months in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

    const report = makeSlaReport({ store: new DynamoDbCaseStore(client, 'bench-report', secretsTableName('bench-report')), clock: { now: () => END }, maxDays: 366 });
    const manager = { sub: 'bench', role: 'manager' as const, name: 'Bench', institution: null };
    const time = async (from: string, to: string) => {
      const samples: number[] = [];
      let items = 0;
      let opened = 0;
      for (let run = 0; run < RUNS + 1; run++) {
        const started = process.hrtime.bigint();
        const result = await report(manager, { from, to, zone: 'UTC' });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (run > 0) samples.push(ms); // the first run warms up
        items = result.itemsRead;
        opened = result.total.opened;
      }
      samples.sort((a, b) => a - b);
      const median = samples[Math.floor(samples.length / 2)]!;
      console.log(`${from} .. ${to}: ${opened} cases, ${items} items read, median ${median.toFixed(1)} ms over ${RUNS} runs`);
      return { items, ms: median };
    };
    const month = await time('2026-06-01', '2026-06-30');
    const year = await time('2025-07-01', '2026-06-30');
    console.log(`items ratio 12m/1m: ${(year.items / month.items).toFixed(2)}`);
    console.log(
      `report-bench: items_1m=${month.items} items_12m=${year.items} ms_1m=${Math.round(month.ms)} ms_12m=${Math.round(year.ms)} ratio=${(year.ms / month.ms).toFixed(2)}`,
    );
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

await main();
