import { formatInstant } from './instant-text.js';
import type { BreachedCase, LevelFigures } from './sla-report.js';
import type { SupportCase } from './support-case.js';
import type { ResponseLevel } from './support-policy.js';

/**
 * The SLA report's figures kept per UTC day × institution, so that a report reads one item per day and institution
 * instead of every case. Each case contributes to the aggregate of the day and institution it was opened in, under
 * its level; a change to a case adds its new contribution and takes away its old one, in the transaction that records
 * the change, so an aggregate always equals the sum of the contributions of the cases it covers.
 *
 * A contribution is time-independent (the report's outcomes are not: an unanswered case turns from running to
 * breached when its deadline passes), in named entries of the case's level (`L`, 1–4 for I–IV), so a report filters
 * by level:
 * - `Lo` opened, `Ln` not covered, `Lm` answered on time, `Ll` answered late;
 * - `Lt_<s>` how many first responses took `s` seconds (the report's resolution), so medians and p90 stay exact;
 * - `Lb` unanswered and already past its deadline when the case was last written (breached for good);
 * - `Lu_<case>` / `Lc_<case>`: unanswered, deadline not passed when last written, open / resolved or closed; the
 *   value is the deadline (epoch ms). The report decides these with its own `now`, like the per-case rule.
 * An item holds whole UTC days: a period whose ends fall inside a UTC day (a zone other than UTC) takes the cases of
 * those parts of its first and last days one by one (`wholeDays`).
 */
const DAY_MS = 86_400_000;

export interface AggregateKey {
  /** UTC day of creation, YYYY-MM-DD. */
  readonly day: string;
  readonly institution: string;
}

/** Levels as the one character that starts an entry's name. */
const LEVEL_CODE: Record<ResponseLevel, string> = { I: '1', II: '2', III: '3', IV: '4' };
const LEVEL_OF_CODE: Record<string, ResponseLevel> = { '1': 'I', '2': 'II', '3': 'III', '4': 'IV' };

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
  const level = LEVEL_CODE[c.responseLevel];
  const name = (kind: string, value?: string | number) => `${level}${kind}${value === undefined ? '' : `_${value}`}`;
  const counts: Record<string, number> = { [name('o')]: 1 };
  const pending: Record<string, number> = {};
  if (!c.sla) counts[name('n')] = 1;
  else {
    const due = Date.parse(c.sla.firstResponseDueAt);
    if (c.firstResponse) {
      counts[name(Date.parse(c.firstResponse.at) <= due ? 'm' : 'l')] = 1;
      counts[name('t', firstResponseSeconds(c.firstResponse.elapsedMs))] = 1;
    } else if (Date.parse(c.updatedAt) > due) counts[name('b')] = 1;
    else pending[name(isClosed(c) ? 'c' : 'u', c.caseNumber)] = due;
  }
  return { key: { day: dayOf(created), institution: c.institution }, counts, pending };
}

/** The change to one aggregate: counts to add (never zero), pending entries to set, pending entries to remove. */
export interface AggregateDelta {
  readonly key: AggregateKey;
  readonly add: Readonly<Record<string, number>>;
  readonly set: Readonly<Record<string, number>>;
  readonly remove: readonly string[];
}

/** What a change from `previous` (null: a case not yet counted) to `next` does to its aggregate (a case never changes day or institution). */
export function aggregateDeltas(previous: SupportCase | null, next: SupportCase): AggregateDelta[] {
  const plus = contributionOf(next);
  const minus = previous === null ? null : contributionOf(previous);
  if (minus !== null && (minus.key.day !== plus.key.day || minus.key.institution !== plus.key.institution)) throw new Error(`case ${next.caseNumber} cannot move to another day or institution`);
  const add: Record<string, number> = { ...plus.counts };
  for (const [name, n] of Object.entries(minus?.counts ?? {})) add[name] = (add[name] ?? 0) - n;
  for (const name of Object.keys(add)) if (add[name] === 0) delete add[name];
  const set = Object.fromEntries(Object.entries(plus.pending).filter(([name, due]) => minus?.pending[name] !== due));
  const remove = Object.keys(minus?.pending ?? {}).filter((name) => plus.pending[name] === undefined);
  const empty = Object.keys(add).length === 0 && Object.keys(set).length === 0 && remove.length === 0;
  return empty ? [] : [{ key: plus.key, add, set, remove }];
}

/** Adds contributions up into aggregate records (what the transactions build one change at a time). */
export function sumContributions(contributions: Iterable<Contribution>): AggregateRecord[] {
  const records = new Map<string, { key: AggregateKey; counts: Record<string, number>; pending: Record<string, number> }>();
  for (const c of contributions) {
    const id = `${c.key.day}#${c.key.institution}`;
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

/** An entry's name, taken apart: level code, kind, and the value or case after `_`. */
function entryOf(name: string): { level: ResponseLevel | undefined; kind: string; rest: string } {
  return { level: LEVEL_OF_CODE[name.charAt(0)], kind: name.charAt(1), rest: name.slice(3) };
}

function count(tally: Tally, kind: string, n: number, value: string): void {
  if (kind === 'o') tally.opened += n;
  else if (kind === 'n') tally.notCovered += n;
  else if (kind === 'm') tally.met += n;
  else if (kind === 'l' || kind === 'b') tally.breached += n;
  else if (kind === 't' && n !== 0) tally.seconds.set(Number(value), (tally.seconds.get(Number(value)) ?? 0) + n);
}

/** Nearest-rank percentile over exact values and their counts. */
function rankOf(sorted: readonly (readonly [number, number])[], total: number, p: number): number | null {
  if (total === 0) return null;
  const index = Math.max(0, Math.ceil(p * total) - 1);
  let seen = 0;
  for (const [value, n] of sorted) {
    seen += n;
    if (seen > index) return value;
  }
  return null;
}

function figuresOf(tally: Tally): LevelFigures {
  const sorted = [...tally.seconds.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  const { opened, notCovered, met, breached, running } = tally;
  return {
    opened,
    notCovered,
    met,
    breached,
    running,
    compliance: met + breached === 0 ? null : met / (met + breached),
    timeToFirstResponse: { count: total, medianSeconds: rankOf(sorted, total, 0.5), p90Seconds: rankOf(sorted, total, 0.9), maxSeconds: sorted[sorted.length - 1]?.[0] ?? null },
  };
}

/**
 * The report's figures from aggregates, exactly as `slaReport` computes them from the cases: per level, the total,
 * and the cases breached only because `now` is past their deadline (the others are listed by the store's index of
 * recorded breaches). `casesCovered` counts every level, whatever `levels` holds.
 */
export function figuresFromAggregates(records: readonly AggregateRecord[], now: number, levels: readonly ResponseLevel[]) {
  const perLevel = new Map(levels.map((level) => [level, emptyTally()]));
  const total = emptyTally();
  const pendingBreaches: BreachedCase[] = [];
  let casesCovered = 0;
  for (const record of records) {
    for (const [name, n] of Object.entries(record.counts)) {
      const { level, kind, rest } = entryOf(name);
      if (level === undefined) continue;
      if (kind === 'o') casesCovered += n;
      const tally = perLevel.get(level);
      if (!tally) continue;
      count(tally, kind, n, rest);
      count(total, kind, n, rest);
    }
    for (const [name, due] of Object.entries(record.pending)) {
      const { level, kind, rest } = entryOf(name);
      const tally = level === undefined ? undefined : perLevel.get(level);
      if (!tally) continue;
      if (now > due) {
        tally.breached += 1;
        total.breached += 1;
        pendingBreaches.push({ caseNumber: rest, institution: record.key.institution, level: level!, firstResponseDueAt: formatInstant(due), respondedAt: null });
      } else if (kind === 'u') {
        tally.running += 1;
        total.running += 1;
      }
    }
  }
  return {
    levels: Object.fromEntries([...perLevel].map(([level, tally]) => [level, figuresOf(tally)])) as Partial<Record<ResponseLevel, LevelFigures>>,
    total: figuresOf(total),
    pendingBreaches: pendingBreaches.sort((a, b) => a.caseNumber.localeCompare(b.caseNumber)),
    casesCovered,
  };
}

/** [from, to) cut into whole UTC days, with the ragged ends (the parts of days a zone's midnights cut off) apart. */
export function wholeDays(from: number, to: number): { readonly from: number; readonly to: number; readonly ragged: readonly (readonly [number, number])[] } {
  const first = Math.ceil(from / DAY_MS) * DAY_MS;
  const last = Math.max(first, Math.floor(to / DAY_MS) * DAY_MS);
  const ragged: [number, number][] = [];
  if (first > from) ragged.push([from, Math.min(first, to)]);
  if (to > last) ragged.push([Math.max(last, from), to]);
  return { from: first, to: last, ragged };
}
