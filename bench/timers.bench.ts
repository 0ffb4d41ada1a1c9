/**
 * `npm run bench:timers`: 1,000 level I cases whose deadlines all fall due
 * during the run, on DynamoDB Local with the local timer and alert adapters in
 * real time, with failures injected as in the fault tests (CreateSchedule fails
 * 5 times in a row, then once goes through; Publish fails 3 times for every
 * message). Prints how many updates were due, made, duplicated and lost,
 * and the delay from each deadline to its alert.
 *
 * Two runs, one after the other: a clean one (no injected failure), whose
 * delays measure the local scheduler itself, and the faulty one, whose delays
 * are dominated by the retries (each failed send waits for the next sweep).
 * The last line sums due/made/duplicated/lost over both runs and gives the
 * clean run's delays.
 *
 * The policy here has 1-minute level I targets (warning at 45 s, breach at 60 s,
 * escalation at 90 s) so that everything falls due within about three minutes.
 * The sweeper runs every SWEEP_SECONDS (default 10) instead of every minute to
 * keep the run short; the delays of failed sends scale with that interval.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal, ensureTable, localClient } from '../local/dynamodb-local.js';
import { secretsTableName } from '../shared/adapters/dynamodb/table-layout.js';
import { LocalAlertPublisher } from '../shared/adapters/local/local-alert-publisher.js';
import { LocalSlaTimers } from '../shared/adapters/local/local-sla-timers.js';
import { wire } from '../shared/composition-root.js';
import document from '../config/support.json' with { type: 'json' };
import type { OutboundAlert } from '../shared/domain/alert-message.js';
import { parseSupportDirectory } from '../shared/domain/support-config-document.js';
import { createLogger } from '../shared/observability/logger.js';
import { systemClock } from '../shared/ports/clock.js';
import { failingPublisher, failingTimers } from '../test/support/faults.js';
import { BENCH_CUSTOMER, levelOneRequest } from './bench-cases.js';

const CASES = Number(process.env.CASES ?? 1000);
const SWEEP_SECONDS = Number(process.env.SWEEP_SECONDS ?? 10);
const INTAKE_SECONDS = 20;

const directory = parseSupportDirectory({
  ...document,
  policy: {
    ...document.policy,
    levels: {
      I: { name: 'System down', meaning: 'bench', target: { minutes: 1 }, clock: '24x7', warningAt: 0.75 },
      II: { name: 'Component down', meaning: 'bench', target: { minutes: 2 }, clock: '24x7' },
      III: { name: 'Production issue', meaning: 'bench', target: { businessDays: 1 }, clock: 'business' },
      IV: { name: 'General', meaning: 'bench', target: { businessDays: 2 }, clock: 'business' },
    },
  },
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

interface RunResult {
  readonly due: number;
  readonly made: number;
  readonly duplicated: number;
  readonly lost: number;
  readonly delays: number[];
}

async function run(label: string, faults: boolean, client: ReturnType<typeof localClient>, dir: string): Promise<RunResult> {
  const tableName = `bench-${label}`;
  await ensureTable(client, tableName);
  const localTimers = new LocalSlaTimers(systemClock);
  const timers = faults ? failingTimers(localTimers, 5) : localTimers;
  const alertsFile = join(dir, `${label}.jsonl`);
  const localPublisher = new LocalAlertPublisher(alertsFile, () => undefined);
  const publisher = faults ? failingPublisher(localPublisher, 3) : localPublisher;
  const deps = wire({ dynamo: client, tableName, secretsTableName: secretsTableName(tableName), timers, publisher, clock: systemClock, logger: createLogger({ level: 'error' }), directory });
  localTimers.connect(async (payload) => {
    await deps.fireTimer(payload).catch(() => undefined);
  });
  const sweeping = setInterval(() => void deps.sweep().catch(() => undefined), SWEEP_SECONDS * 1000);

  const started = Date.now();
  const opened: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const { supportCase } = await deps.openCase(BENCH_CUSTOMER, levelOneRequest(i));
    opened.push(supportCase.caseNumber);
    const ahead = started + ((i + 1) * INTAKE_SECONDS * 1000) / CASES - Date.now();
    if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
  }

  const expectedIds = ['case-opened#oncall', 'sla-warning-r1#support', 'sla-breached-r1#oncall', 'escalation-1-r1#management'];
  const due = CASES * expectedIds.length;
  const read = () => {
    try {
      return readFileSync(alertsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as OutboundAlert & { sentAt: string });
    } catch {
      return [];
    }
  };
  const giveUp = Date.now() + 10 * 60_000;
  while (Date.now() < giveUp) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    if (new Set(read().map((a) => `${a.caseNumber}/${a.alertId}`)).size >= due) break;
  }
  // One more sweep interval, so that a late duplicate would show.
  await new Promise((resolve) => setTimeout(resolve, SWEEP_SECONDS * 1000 + 1000));
  clearInterval(sweeping);
  localTimers.stop();

  const sent = read();
  const ids = sent.map((a) => `${a.caseNumber}/${a.alertId}`);
  const made = new Set(ids).size;
  const sentSet = new Set(ids);
  const lost = opened.flatMap((n) => expectedIds.map((id) => `${n}/${id}`)).filter((id) => !sentSet.has(id)).length;
  const dueAt = new Map<string, number>();
  for (const caseNumber of opened) {
    for (const timer of (await deps.updates.loadCase(caseNumber))!.timers) dueAt.set(`${caseNumber}/${timer.kind}`, timer.dueAt);
  }
  const timerOf = { 'sla-warning': 'warning', 'sla-breached': 'breach', escalation: 'escalation-1' } as const;
  const delays = sent
    .filter((a) => a.attributes.kind in timerOf)
    .map((a) => Date.parse(a.sentAt) - dueAt.get(`${a.caseNumber}/${timerOf[a.attributes.kind as keyof typeof timerOf]}`)!)
    .sort((a, b) => a - b);
  const failures = faults ? `; injected failures: CreateSchedule ${(timers as ReturnType<typeof failingTimers>).failed}, Publish ${(publisher as ReturnType<typeof failingPublisher>).failed}` : '';
  console.log(
    `${label}: due=${due} made=${made} duplicated=${ids.length - made} lost=${lost}; deadline-to-alert over ${delays.length} timer alerts: p50=${percentile(delays, 0.5)} ms p99=${percentile(delays, 0.99)} ms max=${delays[delays.length - 1] ?? 0} ms${failures}`,
  );
  return { due, made, duplicated: ids.length - made, lost, delays };
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  const client = localClient(dynamo.endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'bench-timers-'));
  try {
    console.log(`${CASES} level I cases per run, opened over ${INTAKE_SECONDS} s; sweeper every ${SWEEP_SECONDS} s`);
    const clean = await run('clean', false, client, dir);
    const faulty = await run('faults', true, client, dir);
    const sum = (key: 'due' | 'made' | 'duplicated' | 'lost') => clean[key] + faulty[key];
    const d = clean.delays;
    console.log(
      `timers-bench: due=${sum('due')} made=${sum('made')} duplicated=${sum('duplicated')} lost=${sum('lost')} p50_ms=${percentile(d, 0.5)} p99_ms=${percentile(d, 0.99)} max_ms=${d[d.length - 1] ?? 0}`,
    );
  } finally {
    client.destroy();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
