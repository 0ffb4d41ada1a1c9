/**
 * `npm run bench:sla`: computes 100,000 first-response deadlines (mixed levels,
 * receipts spread over two years, a calendar with a lunch break and holidays)
 * and prints calls per second and p50/p99 microseconds per call. In the same run
 * it makes the same business-time additions with moment-business-time on an
 * equivalent calendar in UTC, and prints our throughput over the peer's.
 *
 * Last, it pipes 20,000 one-calendar lines through `sla batch` (a child
 * process, as an operator runs it) and prints lines per second, counted from the
 * answer to a first warm-up line, so start-up is left out.
 *
 * Run with TZ=UTC (the npm script does): moment-business-time works in the
 * process's local zone.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { parseCalendar } from '../shared/domain/calendar-document.js';
import { addBusinessTime } from '../shared/domain/business-time.js';
import { slaForCase } from '../shared/domain/deadlines.js';
import { defaultSupportPolicy, type Environment, type Impact, type RequestType } from '../shared/domain/support-policy.js';

const DEFAULT_POLICY = defaultSupportPolicy();

const N = 100_000;
const PEER_N = 20_000;
const hours: [string, string][] = [
  ['09:00', '12:30'],
  ['13:30', '17:30'],
];
const holidays = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'];
const week = { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours };
const london = parseCalendar({ id: 'london', zone: 'Europe/London', week, holidays, businessDayLength: 'PT7H30M' });
const utcCalendar = parseCalendar({ id: 'utc', zone: 'UTC', week, holidays, businessDayLength: 'PT7H30M' });

// A deterministic mix of cases: levels I–IV and the not-covered request types.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const START = Date.parse('2026-01-01T00:00:00Z');
const TWO_YEARS = 730 * 86_400_000;
const inputs = Array.from({ length: N }, () => ({
  at: START + Math.floor(random() * TWO_YEARS),
  classification: {
    environment: pick<Environment>(['production', 'production', 'non-production']),
    impact: pick<Impact>(['service-down', 'module-down', 'degraded', 'question']),
    requestType: pick<RequestType>(['defect', 'query', 'defect', 'query', 'enhancement']),
  },
}));

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function measure(label: string, count: number, call: (i: number) => unknown): { perSecond: number; p50: number; p99: number } {
  const samples = new Float64Array(count);
  for (let i = 0; i < Math.min(count, 5_000); i++) call(i); // warm-up: JIT and the calendar's day cache
  const begin = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    call(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  samples.sort();
  const result = { perSecond: count / seconds, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
  console.log(`${label}: ${count} calls, ${Math.round(result.perSecond)} calls/s, p50 ${result.p50.toFixed(2)} µs, p99 ${result.p99.toFixed(2)} µs`);
  return result;
}

// Ours: full deadline computation (level, coverage, due and warning instants) on the London calendar.
const ours = measure('deadlines (Europe/London)', N, (i) => slaForCase(inputs[i]!.classification, inputs[i]!.at, london, DEFAULT_POLICY));

// The same additions, first ours on the UTC calendar, then the peer on the same calendar.
const sla = inputs.map((input) => slaForCase(input.classification, input.at, london, DEFAULT_POLICY));
const additions = inputs
  .map((input, i) => ({ at: input.at, ms: sla[i]!.firstResponse?.targetMs ?? 0, business: sla[i]!.firstResponse?.clock === 'business' }))
  .filter((a) => a.business)
  .slice(0, PEER_N);
const oursUtc = measure('additions, ours (UTC)', additions.length, (i) => addBusinessTime(additions[i]!.at, additions[i]!.ms, utcCalendar));

const require = createRequire(import.meta.url);
// moment-business-time patches moment's prototype; it has no types of its own.
const moment = require('moment') as (input: number) => { addWorkingTime(n: number, unit: string): { valueOf(): number } };
require('moment-business-time');
(require('moment') as { updateLocale(name: string, spec: object): void }).updateLocale('en', {
  workinghours: { 0: null, 1: ['09:00:00', '12:30:00', '13:30:00', '17:30:00'], 2: ['09:00:00', '12:30:00', '13:30:00', '17:30:00'], 3: ['09:00:00', '12:30:00', '13:30:00', '17:30:00'], 4: ['09:00:00', '12:30:00', '13:30:00', '17:30:00'], 5: ['09:00:00', '12:30:00', '13:30:00', '17:30:00'], 6: null },
  holidays,
});
const peerResults = new Float64Array(additions.length);
const peer = measure('additions, moment-business-time (UTC)', additions.length, (i) => {
  peerResults[i] = moment(additions[i]!.at).addWorkingTime(additions[i]!.ms / 60_000, 'minutes').valueOf();
});

let agree = 0;
let peerAtNextOpening = 0;
for (let i = 0; i < additions.length; i++) {
  const mine = addBusinessTime(additions[i]!.at, additions[i]!.ms, utcCalendar);
  if (mine === peerResults[i]) agree++;
  // The peer moves a result that lands on a closing time to the next opening; ours keeps the closing instant.
  else if (addBusinessTime(mine, 1, utcCalendar) - 1 === peerResults[i]) peerAtNextOpening++;
}
console.log(`agreement with the peer: ${agree}/${additions.length} identical, ${peerAtNextOpening} where the peer gives the next opening instead of the closing instant, ${additions.length - agree - peerAtNextOpening} other`);

const peerRatio = ours.perSecond / peer.perSecond;
console.log(`ratio ours(UTC additions)/peer: ${(oursUtc.perSecond / peer.perSecond).toFixed(1)}x`);

/** `sla batch` in a child process: lines per second once it has answered a first line. */
async function batchThroughput(count: number): Promise<number> {
  const calendarDocument = { id: 'london', zone: 'Europe/London', week, holidays, businessDayLength: 'PT7H30M' };
  const ops = ['add', 'within', 'elapsed', 'next-open'] as const;
  const line = (i: number) => {
    const at = new Date(inputs[i % N]!.at).toISOString();
    const op = ops[i % ops.length]!;
    const fields = op === 'add' ? { start: at, duration: 'PT7H30M' } : op === 'elapsed' ? { start: at, end: new Date(inputs[i % N]!.at + 3 * 86_400_000).toISOString() } : { at };
    return `${JSON.stringify({ op, calendar: calendarDocument, ...fields })}\n`;
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/sla.ts', 'batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  child.stdin!.write(line(0));
  await answers.next(); // started, and the calendar compiled
  const body = Array.from({ length: count }, (_, i) => line(i + 1)).join('');
  const begin = process.hrtime.bigint();
  child.stdin!.end(body);
  let received = 0;
  let errors = 0;
  for (let next = await answers.next(); !next.done; next = await answers.next()) {
    received++;
    if (next.value.startsWith('{"error"')) errors++;
  }
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  if (received !== count || errors > 0) throw new Error(`sla batch answered ${received} of ${count} lines, ${errors} with errors`);
  const perSecond = count / seconds;
  console.log(`sla batch (one calendar, child process): ${count} lines, ${Math.round(perSecond)} lines/s, ${((seconds * 1e6) / count).toFixed(1)} µs/line`);
  return perSecond;
}

const batchLines = await batchThroughput(20_000);
console.log(
  `sla-bench: calls_per_s=${Math.round(ours.perSecond)} p50_us=${ours.p50.toFixed(2)} p99_us=${ours.p99.toFixed(2)} peer_ratio=${peerRatio.toFixed(1)} batch_lines_per_s=${Math.round(batchLines)}`,
);
