import { formatInstant } from './instant-text.js';
import type { BreachedCase, LevelFigures } from './sla-report.js';
import type { SupportCase } from './support-case.js';
import type { ResponseLevel } from './support-policy.js';

/**
 * The SLA report's figures kept per UTC day × institution × level, so that a report reads a few items per day
 * instead of every case. Each case contributes to the aggregate of the day, institution and level it has now; a
 * change to a case adds its new contribution and takes away its old one, in the transaction that records the change,
 * so an aggregate always equals the sum of the contributions of the cases it covers.
 *
 * A contribution is time-independent (the report's outcomes are not: an unanswered case turns from running to
 * breached when its deadline passes), in named entries of the case's hour of creation (`hh`, 00–23 UTC), so a period
 * that starts or ends inside a day takes only its hours:
 * - `o<hh>` opened, `n<hh>` not covered, `m<hh>` answered on time, `l<hh>` answered late;
 * - `t<hh>_<s>` how many first responses took `s` seconds (the report's resolution), so medians and p90 stay exact;
 * - `b<hh>` unanswered and already past its deadline when the case was last written (breached for good);
 * - `u<hh>_<case>` / `c<hh>_<case>`: unanswered, deadline not passed when last written, open / resolved or closed;
 *   the value is the deadline (epoch ms). The report decides these with its own `now`, like the per-case rule.
 */
export const AGGREGATE_HOURS = 24;
const HOUR_MS = 3_600_000;

export interface AggregateKey {
  /** UTC day of creation, YYYY-MM-DD. */
  readonly day: string;
  readonly institution: string;
  readonly level: ResponseLevel;
}

export interface AggregateEntries {
  /** Entries added up (counts). */
  readonly counts: Readonly<Record<string, number>>;
  /** Entries set and removed (unanswered cases and their deadline). */
  readonly pending: Readonly<Record<string, number>>;
}

export interface Contribution extends AggregateEntries {
  readonly key: AggregateKey;
}

export type AggregateRecord = Contribution;

const hourOf = (instant: number) => String(new Date(instant).getUTCHours()).padStart(2, '0');
export const dayOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const isClosed = (c: SupportCase) => c.status === 'resolved' || c.status === 'closed';

/** Seconds to first response, at the resolution the report uses. */
export const firstResponseSeconds = (elapsedMs: number) => Math.round(elapsedMs / 1000);

/** True when the case is breached whatever the report's `now`: answered late, or written after its deadline passed unanswered. */
export function isRecordedBreach(c: SupportCase): boolean {
  if (!c.sla) return false;
  const due = Date.parse(c.sla.firstResponseDueAt);
  if (c.firstResponse) return Date.parse(c.firstResponse.at) > due;
  return Date.parse(c.updatedAt) > due;
}

/** What one case adds to its aggregate. */
export function contributionOf(c: SupportCase): Contribution {
  const created = Date.parse(c.createdAt);
  const h = hourOf(created);
  const counts: Record<string, number> = { [`o${h}`]: 1 };
  const pending: Record<string, number> = {};
  if (!c.sla) counts[`n${h}`] = 1;
  else {
    const due = Date.parse(c.sla.firstResponseDueAt);
    if (c.firstResponse) {
      counts[Date.parse(c.firstResponse.at) <= due ? `m${h}` : `l${h}`] = 1;
      counts[`t${h}_${firstResponseSeconds(c.firstResponse.elapsedMs)}`] = 1;
    } else if (Date.parse(c.updatedAt) > due) counts[`b${h}`] = 1;
    else pending[`${isClosed(c) ? 'c' : 'u'}${h}_${c.caseNumber}`] = due;
  }
  return { key: { day: dayOf(created), institution: c.institution, level: c.responseLevel }, counts, pending };
}

/** The change to one aggregate: counts to add (never zero), pending entries to set, pending entries to remove. */
export interface AggregateDelta {
  readonly key: AggregateKey;
  readonly add: Readonly<Record<string, number>>;
  readonly set: Readonly<Record<string, number>>;
  readonly remove: readonly string[];
}

const sameKey = (a: AggregateKey, b: AggregateKey) => a.day === b.day && a.institution === b.institution && a.level === b.level;

/** What a change from `previous` (null: a case not yet counted) to `next` does to the aggregates: at most two deltas. */
export function aggregateDeltas(previous: SupportCase | null, next: SupportCase): AggregateDelta[] {
  const after = contributionOf(next);
  const before = previous === null ? null : contributionOf(previous);
  const delta = (key: AggregateKey, plus: AggregateEntries | null, minus: AggregateEntries | null): AggregateDelta => {
    const add: Record<string, number> = {};
    for (const [name, n] of Object.entries(plus?.counts ?? {})) add[name] = (add[name] ?? 0) + n;
    for (const [name, n] of Object.entries(minus?.counts ?? {})) add[name] = (add[name] ?? 0) - n;
    for (const name of Object.keys(add)) if (add[name] === 0) delete add[name];
    const set = Object.fromEntries(Object.entries(plus?.pending ?? {}).filter(([name, due]) => minus?.pending[name] !== due));
    const remove = Object.keys(minus?.pending ?? {}).filter((name) => plus?.pending[name] === undefined);
    return { key, add, set, remove };
  };
  const deltas = before === null ? [delta(after.key, after, null)] : sameKey(before.key, after.key) ? [delta(after.key, after, before)] : [delta(before.key, null, before), delta(after.key, after, null)];
  return deltas.filter((d) => Object.keys(d.add).length > 0 || Object.keys(d.set).length > 0 || d.remove.length > 0);
}

/** Adds contributions up into aggregate records (what the transactions build one change at a time). */
export function sumContributions(contributions: Iterable<Contribution>): AggregateRecord[] {
  const records = new Map<string, { key: AggregateKey; counts: Record<string, number>; pending: Record<string, number> }>();
  for (const c of contributions) {
    const id = `${c.key.day}#${c.key.institution}#${c.key.level}`;
    const record = records.get(id) ?? { key: c.key, counts: {}, pending: {} };
    records.set(id, record);
    for (const [name, n] of Object.entries(c.counts)) record.counts[name] = (record.counts[name] ?? 0) + n;
    Object.assign(record.pending, c.pending);
  }
  return [...records.values()];
}

/** Figures being added up for one level (or the total). */
interface Tally {
  opened: number;
  notCovered: number;
  met: number;
  breached: number;
  running: number;
  readonly seconds: Map<number, number>;
}

const emptyTally = (): Tally => ({ opened: 0, notCovered: 0, met: 0, breached: 0, running: 0, seconds: new Map() });

/** A record and the hours of its day the period takes (all of them for a record made from the period's own cases). */
export interface SelectedRecord {
  readonly record: AggregateRecord;
  readonly hours: (hour: string) => boolean;
}

const ENTRY = /^([onmlbtuc])(\d{2})(?:_(\d+))?$/;

function addTo(tally: Tally, { record, hours }: SelectedRecord, now: number, breaches: BreachedCase[] | undefined): void {
  for (const [name, n] of Object.entries(record.counts)) {
    const [, kind, hour, value] = ENTRY.exec(name) ?? [];
    if (!kind || !hours(hour!)) continue;
    if (kind === 'o') tally.opened += n;
    else if (kind === 'n') tally.notCovered += n;
    else if (kind === 'm') tally.met += n;
    else if (kind === 'l' || kind === 'b') tally.breached += n;
    else if (kind === 't' && n !== 0) tally.seconds.set(Number(value), (tally.seconds.get(Number(value)) ?? 0) + n);
  }
  for (const [name, due] of Object.entries(record.pending)) {
    const [, kind, hour, caseNumber] = ENTRY.exec(name) ?? [];
    if (!kind || !hours(hour!)) continue;
    if (now > due) {
      tally.breached += 1;
      breaches?.push({ caseNumber: caseNumber!, institution: record.key.institution, level: record.key.level, firstResponseDueAt: formatInstant(due), respondedAt: null });
    } else if (kind === 'u') tally.running += 1;
  }
}

/** Nearest-rank percentile over exact values and their counts. */
function rankOf(sorted: readonly (readonly [number, number])[], total: number, p: number): number | null {
  if (total === 0) return null;
  const index = Math.max(0, Math.ceil(p * total) - 1);
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (seen > index) return value;
  }
  return null;
}

function figuresOf(tally: Tally): LevelFigures {
  const sorted = [...tally.seconds.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((sum, [, n]) => sum + n, 0);
  const { opened, notCovered, met, breached, running } = tally;
  return {
    opened,
    notCovered,
    met,
    breached,
    running,
    compliance: met + breached === 0 ? null : met / (met + breached),
    timeToFirstResponse: { count, medianSeconds: rankOf(sorted, count, 0.5), p90Seconds: rankOf(sorted, count, 0.9), maxSeconds: sorted[sorted.length - 1]?.[0] ?? null },
  };
}

/**
 * The report's figures from aggregates, exactly as `slaReport` computes them from the cases: per level, the total,
 * and the cases breached only because `now` is past their deadline (the others are listed by the store's index of
 * recorded breaches). `opened` counts every level, whatever `onlyLevel` is.
 */
export function figuresFromAggregates(selected: readonly SelectedRecord[], now: number, levels: readonly ResponseLevel[]) {
  const perLevel = new Map(levels.map((level) => [level, emptyTally()]));
  const total = emptyTally();
  const pendingBreaches: BreachedCase[] = [];
  let casesCovered = 0;
  for (const item of selected) {
    const tally = perLevel.get(item.record.key.level);
    const all = emptyTally();
    addTo(all, item, now, undefined);
    casesCovered += all.opened;
    if (!tally) continue;
    addTo(tally, item, now, pendingBreaches);
    addTo(total, item, now, undefined);
  }
  return {
    levels: Object.fromEntries([...perLevel].map(([level, tally]) => [level, figuresOf(tally)])) as Partial<Record<ResponseLevel, LevelFigures>>,
    total: figuresOf(total),
    pendingBreaches: pendingBreaches.sort((a, b) => a.caseNumber.localeCompare(b.caseNumber)),
    casesCovered,
  };
}

/** The hours of `day` (UTC) that lie wholly inside [from, to). */
export function hoursInside(day: string, from: number, to: number): (hour: string) => boolean {
  const start = Date.parse(`${day}T00:00:00Z`);
  return (hour) => {
    const at = start + Number(hour) * HOUR_MS;
    return at >= from && at + HOUR_MS <= to;
  };
}

/** [from, to) cut into whole UTC hours, with the ragged ends (zones whose midnight is not on an hour) apart. */
export function wholeHours(from: number, to: number): { readonly from: number; readonly to: number; readonly ragged: readonly (readonly [number, number])[] } {
  const first = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const last = Math.max(first, Math.floor(to / HOUR_MS) * HOUR_MS);
  const ragged: [number, number][] = [];
  if (first > from) ragged.push([from, Math.min(first, to)]);
  if (to > last) ragged.push([last, to]);
  return { from: first, to: last, ragged };
}
