/**
 * `npm run bench:paging`: 1,000 level I cases driven through the local paging
 * chain (DynamoDB Local, the local timer adapter, the paging use cases) in
 * virtual time, with the committed policy (primary at once, +5, +10 minutes,
 * secondary +15, management +20). 70 % of the pages are acknowledged through
 * their SMS link at a random moment after a random step; SNS fails every tenth
 * call. Cases open over ten virtual minutes; the paging and SLA sweeps run
 * every virtual minute.
 *
 * Expected, worked out from the plan alone: a page acknowledged after step k
 * sent steps 1..k, an unacknowledged one all five. `lost` counts expected
 * steps that never reached a phone, `duplicated` SMS beyond one per expected
 * step (a step sent twice, or after its page was acknowledged). `p99_ms` is the
 * real time from a step's trigger to its SMS being accepted, retries included.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import oncallDocument from '../config/oncall.json' with { type: 'json' };
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { HmacAckTokens } from '../shared/adapters/crypto/hmac-ack-tokens.js';
import { secretsTableName } from '../shared/adapters/dynamodb/table-layout.js';
import { LocalAlertPublisher } from '../shared/adapters/local/local-alert-publisher.js';
import { LocalSlaTimers } from '../shared/adapters/local/local-sla-timers.js';
import { wire } from '../shared/composition-root.js';
import { supportDirectory } from '../shared/config/support-config.js';
import { parseOncallConfig } from '../shared/domain/oncall-config-document.js';
import { isPageTimer } from '../shared/domain/sla-timers.js';
import { createLogger } from '../shared/observability/logger.js';
import type { SmsSender } from '../shared/ports/sms-sender.js';
import { VirtualTimeline } from '../test/support/virtual-timeline.js';
import { BENCH_CUSTOMER, levelOneRequest } from './bench-cases.js';

const CASES = Number(process.env.CASES ?? 1000);
const ACKED_SHARE = 0.7;
const FAIL_EVERY = 10;
const START = Date.parse('2026-11-30T10:00:00Z');
const MINUTE = 60_000;
const INTAKE_MS = 10 * MINUTE;

/** A small seeded generator (mulberry32), so every run makes the same plan. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  const client = localClient(dynamo.endpoint);
  const dir = mkdtempSync(join(tmpdir(), 'bench-paging-'));
  try {
    const tableName = 'bench-paging';
    await ensureTable(client, tableName);
    const timeline = new VirtualTimeline(new Date(START).toISOString());
    const localTimers = new LocalSlaTimers(timeline.clock, timeline);
    const config = parseOncallConfig(oncallDocument);
    const steps = config.policy.steps;

    // SNS as a phone network that accepts 9 calls in 10: what reached a phone, per case and step.
    let calls = 0;
    let failedCalls = 0;
    const delivered: { caseNumber: string; step: number; text: string }[] = [];
    const triggeredAt = new Map<string, number>();
    const latencies: number[] = [];
    const sns: SmsSender = {
      async sendSms(message) {
        if (++calls % FAIL_EVERY === 0) {
          failedCalls++;
          throw Object.assign(new Error('injected: SNS Publish failed'), { name: 'ThrottledException' });
        }
        const url = new URL(/Ack: (\S+)$/.exec(message.text)![1]!);
        const [caseNumber] = url.pathname.split('/')[2]!.split('-') as [string];
        const step = Number(/-s(\d)-/.exec(url.searchParams.get('token')!)![1]);
        delivered.push({ caseNumber, step, text: message.text });
        const started = triggeredAt.get(`${caseNumber}/${step}`);
        if (started !== undefined) latencies.push(performance.now() - started);
      },
    };

    const ackKey = randomBytes(32);
    const deps = wire({
      dynamo: client,
      tableName,
      secretsTableName: secretsTableName(tableName),
      timers: localTimers,
      publisher: new LocalAlertPublisher(join(dir, 'alerts.jsonl'), () => undefined, timeline.clock),
      clock: timeline.clock,
      logger: createLogger({ level: 'error' }),
      directory: supportDirectory(),
      paging: { config, sms: sns, tokens: new HmacAckTokens(async () => ackKey, timeline.clock), publicUrl: () => 'http://localhost:3000', mailFrom: 'oncall@support.example' },
    });
    await deps.rota.seed();
    localTimers.connect((payload) => {
      if (!isPageTimer(payload.timer)) return timeline.track(deps.fireTimer(payload)).then(() => undefined);
      triggeredAt.set(`${payload.caseNumber}/${payload.timer.slice('page-'.length)}`, performance.now());
      return timeline.track(deps.paging.firePageStep(payload)).then(() => undefined);
    });
    const everyMinute = () => Promise.all([deps.sweep(), deps.paging.sweepPaging()]);

    // The plan: which pages are acknowledged, after which step, and when.
    const next = random(11);
    const plan = new Map<string, { ackAfterStep: number } | null>();
    let acked = 0;
    for (let i = 0; i < CASES; i++) {
      await timeline.advanceTo(START + Math.floor((i * INTAKE_MS) / CASES), everyMinute);
      const { supportCase } = await deps.openCase(BENCH_CUSTOMER, levelOneRequest(i));
      const n = supportCase.caseNumber;
      if (next() >= ACKED_SHARE) {
        plan.set(n, null);
        continue;
      }
      const step = 1 + Math.floor(next() * steps.length);
      plan.set(n, { ackAfterStep: step });
      const from = steps[step - 1]!.afterMs + 30_000;
      const until = (steps[step]?.afterMs ?? steps[step - 1]!.afterMs + 10 * MINUTE) - 30_000;
      const ackAt = timeline.now + from + Math.floor(next() * (until - from));
      timeline.set(ackAt - timeline.now, () => {
        void timeline.track(
          (async () => {
            const sms = delivered.filter((d) => d.caseNumber === n).at(-1);
            if (!sms) throw new Error(`case ${n}: nothing to acknowledge`);
            const url = new URL(/Ack: (\S+)$/.exec(sms.text)![1]!);
            await deps.paging.acknowledgeWithLink(url.pathname.split('/')[2]!, url.searchParams.get('token')!);
            acked++;
          })(),
        );
      });
    }
    await timeline.advanceTo(START + INTAKE_MS + steps.at(-1)!.afterMs + 15 * MINUTE, everyMinute);

    const expected = new Set<string>();
    for (const [n, p] of plan) for (let step = 1; step <= (p ? p.ackAfterStep : steps.length); step++) expected.add(`${n}/${step}`);
    const seen = new Map<string, number>();
    for (const d of delivered) seen.set(`${d.caseNumber}/${d.step}`, (seen.get(`${d.caseNumber}/${d.step}`) ?? 0) + 1);
    const lost = [...expected].filter((key) => !seen.has(key)).length;
    const duplicated = [...seen].reduce((sum, [key, count]) => sum + (expected.has(key) ? count - 1 : count), 0);
    let repeats = 0;
    let escalated = 0;
    for (const n of plan.keys()) {
      for (const page of await deps.pages.listPages(n)) {
        repeats += page.repeats;
        if (page.escalations > 0) escalated++;
      }
    }
    const sorted = latencies.sort((a, b) => a - b);
    console.log(`${CASES} level I cases over ${INTAKE_MS / MINUTE} virtual minutes; SNS failed ${failedCalls} of ${calls} calls; ${expected.size} steps expected, ${delivered.length} SMS delivered`);
    console.log(`trigger-to-SMS (real time, retries included): p50=${Math.round(percentile(sorted, 0.5))} ms p99=${Math.round(percentile(sorted, 0.99))} ms max=${Math.round(sorted.at(-1) ?? 0)} ms`);
    console.log(`paging-bench: pages=${delivered.length} acked=${acked} repeats=${repeats} escalated=${escalated} lost=${lost} duplicated=${duplicated} p99_ms=${Math.round(percentile(sorted, 0.99))}`);
  } finally {
    client.destroy();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
