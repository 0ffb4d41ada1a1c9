import { formatInstant } from './instant-text.js';
import type { BreachedCase, LevelFigures } from './sla-report.js';
import type { SupportCase } from './support-case.js';
import type { ResponseLevel } from './support-policy.js';

/**
 * The SLA report's figures kept per UTC day × institution × shard, so that a report reads a few items per day and
 * institution instead of every case. Each case contributes to the aggregate of the day and institution it was opened
 * in (its shard chosen by its case number), in the cell of its level and of the UTC hour it was opened in; a
 * change to a case takes its old contribution away and adds its new one, in the transaction that records the change,
 * so an aggregate always equals the sum of the contributions of the cases it covers.
 *
 * A contribution is time-independent (the report's outcomes are not: an unanswered case turns from running to
 * breached when its deadline passes). A cell counts cases opened, not covered, answered on time (`met`), answered
 * late (`late`), and unanswered but already past their deadline when last written (`breached`, for good); it keeps
 * the exact seconds to first response as `(seconds, count)` pairs (the report's resolution, so medians and p90 stay exact),
 * and the unanswered cases whose deadline had not passed when last written (`pending`: deadline, and whether the
 * case is resolved or closed), which the report decides with its own `now`, like the per-case rule.
 *
 * Hourly cells let a period whose ends fall inside a UTC day (a zone whose offset is a whole number of hours, as
 * London's, Sydney's and New York's) take exactly its part of the first and last days from the aggregates; only the
 * part of an hour a period's end cuts (a zone at a half or quarter hour, as India's) is read case by case (`slotRange`).
 * Shards spread the cases of one day over several items, so concurrent intakes (their case numbers follow each
 * other) write different items and do not wait on each other.
 */
const DAY_MS = 86_400_000;
export const SLOT_MS = 3_600_000;
export const SLOTS_PER_DAY = DAY_MS / SLOT_MS;
/** Items per day and institution; a case's shard is its case number modulo this. Changing it changes the stored form. */
export const AGGREGATE_SHARDS = 4;

export interface AggregateKey {
  /** UTC day of creation, YYYY-MM-DD. */
  readonly day: string;
  readonly institution: string;
  readonly shard: number;
}

/** An unanswered case whose deadline had not passed when it was last written. */
export interface PendingCase {
  /** Deadline, epoch ms. */
  readonly due: number;
  /** Resolved or closed (never running, breached once `now` passes its deadline). */
  readonly closed: boolean;
}

/** Counts of a cell, by kind. */
export const COUNT_KINDS = ['opened', 'notCovered', 'met', 'late', 'breached'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

/** One hour × level of an aggregate: its counts by kind, and the cases' times and pending deadlines. */
export interface AggregateCell extends Readonly<Record<CountKind, number>> {
  /** Hour of the UTC day, 0–23. */
  readonly slot: number;
  readonly level: ResponseLevel;
  /** Seconds to first response and how many cases took them, as pairs (value, count), values ascending, no zero counts. */
  readonly seconds: readonly number[];
  /** The pending cases, by case number. */
  readonly pending: readonly PendingEntry[];
}

export interface PendingEntry extends PendingCase {
  readonly caseNumber: string;
}

export interface AggregateRecord {
  readonly key: AggregateKey;
  /** Cells in slot, then level order; none empty. */
  readonly cells: readonly AggregateCell[];
}

/**
 * An aggregate's cells handed over one at a time, in slot then level order, as a report reads them (read straight
 * from their stored form, none kept): a cell is valid only during the call that receives it.
 */
export interface AggregateCells {
  readonly key: AggregateKey;
  forEachCell(visit: (cell: AggregateCell) => void): void;
}

export const cellsOf = (record: AggregateRecord): AggregateCells => ({ key: record.key, forEachCell: (visit) => record.cells.forEach((cell) => visit(cell)) });

/** The cells handed over, kept. */
export function recordFrom(source: AggregateCells): AggregateRecord {
  const cells: AggregateCell[] = [];
  source.forEachCell((cell) => cells.push({ ...cell, seconds: [...cell.seconds], pending: cell.pending.map((p) => ({ ...p })) }));
  return { key: source.key, cells };
}

/** What one case adds to its aggregate: one cell's worth. */
export interface Contribution {
  readonly key: AggregateKey;
  readonly slot: number;
  readonly level: ResponseLevel;
  readonly counts: Readonly<Partial<Record<CountKind, 1>>>;
  readonly seconds: number | null;
  readonly pending: { readonly caseNumber: string; readonly case: PendingCase } | null;
}

export const dayOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const isClosed = (c: SupportCase) => c.status === 'resolved' || c.status === 'closed';
const LEVEL_INDEX: Record<ResponseLevel, number> = { I: 0, II: 1, III: 2, IV: 3 };

/** Seconds to first response, at the resolution the report uses. */
export const firstResponseSeconds = (elapsedMs: number) => Math.round(elapsedMs / 1000);

/** The shard of a case's aggregate: its case number (8 digits) modulo AGGREGATE_SHARDS. */
export const shardOf = (caseNumber: string) => Number(caseNumber) % AGGREGATE_SHARDS;

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
  const key = { day: dayOf(created), institution: c.institution, shard: shardOf(c.caseNumber) };
  const slot = Math.floor((((created % DAY_MS) + DAY_MS) % DAY_MS) / SLOT_MS);
  const base = { key, slot, level: c.responseLevel };
  if (!c.sla) return { ...base, counts: { opened: 1, notCovered: 1 }, seconds: null, pending: null };
  const due = Date.parse(c.sla.firstResponseDueAt);
  if (c.firstResponse) {
    const met = Date.parse(c.firstResponse.at) <= due;
    return { ...base, counts: met ? { opened: 1, met: 1 } : { opened: 1, late: 1 }, seconds: firstResponseSeconds(c.firstResponse.elapsedMs), pending: null };
  }
  if (Date.parse(c.updatedAt) > due) return { ...base, counts: { opened: 1, breached: 1 }, seconds: null, pending: null };
  return { ...base, counts: { opened: 1 }, seconds: null, pending: { caseNumber: c.caseNumber, case: { due, closed: isClosed(c) } } };
}

const sameContribution = (a: Contribution, b: Contribution) =>
  a.slot === b.slot &&
  a.level === b.level &&
  a.seconds === b.seconds &&
  COUNT_KINDS.every((kind) => a.counts[kind] === b.counts[kind]) &&
  a.pending?.caseNumber === b.pending?.caseNumber &&
  a.pending?.case.due === b.pending?.case.due &&
  a.pending?.case.closed === b.pending?.case.closed;

/** What a change from `previous` (null: a case not yet counted) to `next` does to its aggregate. */
export interface AggregateChange {
  readonly key: AggregateKey;
  readonly minus: Contribution | null;
  readonly plus: Contribution;
}

/** The change to its aggregate of a case going from `previous` to `next`; null when there is none (a case never changes day, institution or number). */
export function aggregateChange(previous: SupportCase | null, next: SupportCase): AggregateChange | null {
  const plus = contributionOf(next);
  const minus = previous === null ? null : contributionOf(previous);
  if (minus !== null && (minus.key.day !== plus.key.day || minus.key.institution !== plus.key.institution || minus.key.shard !== plus.key.shard)) {
    throw new Error(`case ${next.caseNumber} cannot move to another day, institution or shard`);
  }
  return minus !== null && sameContribution(minus, plus) ? null : { key: plus.key, minus, plus };
}

/** A cell being changed: times and pending cases by key. */
interface MutableCell extends Record<CountKind, number> {
  readonly slot: number;
  readonly level: ResponseLevel;
  readonly seconds: Map<number, number>;
  readonly pending: Map<string, PendingCase>;
}

/** Cells being changed, by slot and level. */
type CellTable = Map<number, MutableCell>;
const cellId = (slot: number, level: ResponseLevel) => slot * 4 + LEVEL_INDEX[level];

function tableOf(record: AggregateRecord | null): CellTable {
  const table: CellTable = new Map();
  for (const cell of record?.cells ?? []) {
    const seconds = new Map<number, number>();
    for (let i = 0; i < cell.seconds.length; i += 2) seconds.set(cell.seconds[i]!, cell.seconds[i + 1]!);
    const pending = new Map(cell.pending.map(({ caseNumber, due, closed }) => [caseNumber, { due, closed }]));
    const { slot, level, opened, notCovered, met, late, breached } = cell;
    table.set(cellId(slot, level), { slot, level, opened, notCovered, met, late, breached, seconds, pending });
  }
  return table;
}

/** Adds (1) or takes away (-1) a contribution; false when there is nothing to take away (the aggregate does not hold it). */
function apply(table: CellTable, c: Contribution, sign: 1 | -1): boolean {
  const id = cellId(c.slot, c.level);
  let cell = table.get(id);
  if (sign === -1 && !holds(cell, c)) return false;
  if (!cell) {
    cell = { slot: c.slot, level: c.level, opened: 0, notCovered: 0, met: 0, late: 0, breached: 0, seconds: new Map(), pending: new Map() };
    table.set(id, cell);
  }
  for (const kind of COUNT_KINDS) cell[kind] += sign * (c.counts[kind] ?? 0);
  if (c.seconds !== null) {
    const n = (cell.seconds.get(c.seconds) ?? 0) + sign;
    if (n === 0) cell.seconds.delete(c.seconds);
    else cell.seconds.set(c.seconds, n);
  }
  if (c.pending !== null) {
    if (sign === 1) cell.pending.set(c.pending.caseNumber, c.pending.case);
    else cell.pending.delete(c.pending.caseNumber);
  }
  return true;
}

function holds(cell: MutableCell | undefined, c: Contribution): boolean {
  if (!cell || COUNT_KINDS.some((kind) => cell[kind] < (c.counts[kind] ?? 0))) return false;
  if (c.seconds !== null && !cell.seconds.has(c.seconds)) return false;
  const pending = c.pending === null ? undefined : cell.pending.get(c.pending.caseNumber);
  return c.pending === null || (pending?.due === c.pending.case.due && pending.closed === c.pending.case.closed);
}

function recordOf(key: AggregateKey, table: CellTable): AggregateRecord {
  const cells: AggregateCell[] = [];
  for (const [, cell] of [...table.entries()].sort((a, b) => a[0] - b[0])) {
    if (COUNT_KINDS.every((kind) => cell[kind] === 0) && cell.seconds.size === 0 && cell.pending.size === 0) continue;
    const seconds = [...cell.seconds.entries()].sort((a, b) => a[0] - b[0]).flat();
    const pending = [...cell.pending.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([caseNumber, p]) => ({ caseNumber, due: p.due, closed: p.closed }));
    const { slot, level, opened, notCovered, met, late, breached } = cell;
    cells.push({ slot, level, opened, notCovered, met, late, breached, seconds, pending });
  }
  return { key, cells };
}

/**
 * The aggregate after a change (`current` null: the aggregate does not exist yet); null when it does not hold the
 * case as it was before the change (then the change is not the case's latest, and its transaction must fail).
 */
export function changedAggregate(current: AggregateRecord | null, change: AggregateChange): AggregateRecord | null {
  const table = tableOf(current);
  if (change.minus && !apply(table, change.minus, -1)) return null;
  apply(table, change.plus, 1);
  return recordOf(change.key, table);
}

/** Adds contributions up into aggregate records (what the transactions build one change at a time). */
export function sumContributions(contributions: Iterable<Contribution>): AggregateRecord[] {
  const tables = new Map<string, { key: AggregateKey; table: CellTable }>();
  for (const c of contributions) {
    const id = `${c.key.day}#${c.key.institution}#${c.key.shard}`;
    const entry = tables.get(id) ?? { key: c.key, table: new Map() };
    tables.set(id, entry);
    apply(entry.table, c, 1);
  }
  return [...tables.values()].map(({ key, table }) => recordOf(key, table));
}

/** Figures being added up for one level. */
interface Tally {
  opened: number;
  notCovered: number;
  met: number;
  breached: number;
  running: number;
  /** Seconds to first response: how many cases took each number of seconds (as the aggregates hold them). */
  readonly seconds: Map<number, number>;
}

const emptyTally = (): Tally => ({ opened: 0, notCovered: 0, met: 0, breached: 0, running: 0, seconds: new Map() });

/** Adds `count` cases that took `seconds` to a tally of seconds. */
const addSeconds = (tally: Map<number, number>, seconds: number, count: number) => tally.set(seconds, (tally.get(seconds) ?? 0) + count);

function countCell(tally: Tally, cell: AggregateCell): void {
  tally.opened += cell.opened;
  tally.notCovered += cell.notCovered;
  tally.met += cell.met;
  tally.breached += cell.late + cell.breached;
  const { seconds } = cell;
  for (let i = 0; i < seconds.length; i += 2) addSeconds(tally.seconds, seconds[i]!, seconds[i + 1]!);
}

/**
 * Nearest-rank percentiles and maximum over the exact values, ranked on their counts: the smallest value with at least
 * p of the cases at or below it, as over the list of every case's value sorted. Work and memory follow the distinct
 * values, not the cases.
 */
function timeFigures(seconds: ReadonlyMap<number, number>): LevelFigures['timeToFirstResponse'] {
  const ascending = [...seconds].sort((a, b) => a[0] - b[0]);
  const count = ascending.reduce((n, [, cases]) => n + cases, 0);
  const rank = (p: number) => {
    const wanted = Math.max(1, Math.ceil(p * count));
    let atOrBelow = 0;
    for (const [value, cases] of ascending) {
      atOrBelow += cases;
      if (atOrBelow >= wanted) return value;
    }
    return null;
  };
  return { count, medianSeconds: rank(0.5), p90Seconds: rank(0.9), maxSeconds: ascending.at(-1)?.[0] ?? null };
}

function figuresOf(tally: Omit<Tally, 'seconds'>, seconds: ReadonlyMap<number, number>): LevelFigures {
  const { opened, notCovered, met, breached, running } = tally;
  return { opened, notCovered, met, breached, running, compliance: met + breached === 0 ? null : met / (met + breached), timeToFirstResponse: timeFigures(seconds) };
}

/** The aggregates with only their cells of the hours that start in [from, to). */
export function cellsWithin(sources: readonly AggregateCells[], from: number, to: number): AggregateCells[] {
  return sources.map((source) => {
    const dayStart = Date.parse(`${source.key.day}T00:00:00Z`);
    const first = Math.ceil((from - dayStart) / SLOT_MS);
    const end = Math.ceil((to - dayStart) / SLOT_MS);
    return { key: source.key, forEachCell: (visit) => source.forEachCell((cell) => (cell.slot >= first && cell.slot < end ? visit(cell) : undefined)) };
  });
}

/**
 * The report's figures from aggregates, exactly as `slaReport` computes them from the cases the aggregates cover: per
 * level, the total, and the cases breached only because `now` is past their deadline (the others are listed by the
 * store's index of recorded breaches). `casesCovered` counts every level, whatever `levels` holds.
 */
export function figuresFromAggregates(sources: readonly AggregateCells[], now: number, levels: readonly ResponseLevel[]) {
  const perLevel = new Map(levels.map((level) => [level, emptyTally()]));
  const pendingBreaches: BreachedCase[] = [];
  let casesCovered = 0;
  for (const source of sources) {
    source.forEachCell((cell) => {
      casesCovered += cell.opened;
      const tally = perLevel.get(cell.level);
      if (!tally) return;
      countCell(tally, cell);
      for (const pending of cell.pending) {
        if (now > pending.due) {
          tally.breached += 1;
          pendingBreaches.push({ caseNumber: pending.caseNumber, institution: source.key.institution, level: cell.level, firstResponseDueAt: formatInstant(pending.due), respondedAt: null });
        } else if (!pending.closed) tally.running += 1;
      }
    });
  }
  // The total is the sum of the levels asked for: its times, their counts added up.
  const allSeconds = new Map<number, number>();
  for (const tally of perLevel.values()) for (const [seconds, count] of tally.seconds) addSeconds(allSeconds, seconds, count);
  const sum = (kind: Exclude<keyof Tally, 'seconds'>) => [...perLevel.values()].reduce((n, tally) => n + tally[kind], 0);
  const total = { opened: sum('opened'), notCovered: sum('notCovered'), met: sum('met'), breached: sum('breached'), running: sum('running') };
  return {
    levels: Object.fromEntries([...perLevel].map(([level, tally]) => [level, figuresOf(tally, tally.seconds)])) as Partial<Record<ResponseLevel, LevelFigures>>,
    total: figuresOf(total, allSeconds),
    pendingBreaches: pendingBreaches.sort((a, b) => a.caseNumber.localeCompare(b.caseNumber)),
    casesCovered,
  };
}

/** [from, to) cut into whole UTC hours (from the aggregates), with the ragged ends (parts of hours, read case by case) apart. */
export function slotRange(from: number, to: number): { readonly from: number; readonly to: number; readonly ragged: readonly (readonly [number, number])[] } {
  const first = Math.ceil(from / SLOT_MS) * SLOT_MS;
  const last = Math.max(first, Math.floor(to / SLOT_MS) * SLOT_MS);
  const ragged: [number, number][] = [];
  if (first > from) ragged.push([from, Math.min(first, to)]);
  if (to > last) ragged.push([Math.max(last, from), to]);
  return { from: first, to: last, ragged };
}
