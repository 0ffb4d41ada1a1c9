import { describe, expect, it } from 'vitest';
import { type AggregateCell, type AggregateCells, figuresFromAggregates } from '../../shared/domain/sla-aggregates.js';
import { nearestRank } from '../../shared/domain/sla-report.js';
import { RESPONSE_LEVELS, type ResponseLevel } from '../../shared/domain/policy-terms.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Cells whose times repeat within a cell, across cells and across levels (what ranking on counts has to get right). */
function sources(seed: number): { sources: AggregateCells[]; times: Map<ResponseLevel, number[]> } {
  const next = random(seed);
  const times = new Map<ResponseLevel, number[]>(RESPONSE_LEVELS.map((level) => [level, []]));
  const made: AggregateCells[] = [];
  for (let day = 0; day < 1 + next(4); day++) {
    const cells: AggregateCell[] = [];
    for (let slot = 0; slot < 24; slot += 1 + next(8)) {
      for (const level of RESPONSE_LEVELS) {
        if (next(3) === 0) continue;
        const values = [...new Set(Array.from({ length: next(6) }, () => next(40) * 60))].sort((a, b) => a - b);
        const seconds = values.flatMap((value) => [value, 1 + (next(3) === 0 ? next(5) : 0)]);
        for (let i = 0; i < seconds.length; i += 2) for (let n = 0; n < seconds[i + 1]!; n++) times.get(level)!.push(seconds[i]!);
        const answered = seconds.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0);
        cells.push({ slot, level, opened: answered + next(3), notCovered: 0, met: answered, late: 0, breached: 0, seconds, pending: [] });
      }
    }
    made.push({ key: { day: `2026-03-${String(day + 1).padStart(2, '0')}`, institution: 'uni-a', shard: day % 4 }, forEachCell: (visit) => cells.forEach(visit) });
  }
  return { sources: made, times };
}

/** The figures as over every case's value, sorted (how the per-case report computes them). */
const expected = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianSeconds: nearestRank(sorted, 0.5), p90Seconds: nearestRank(sorted, 0.9), maxSeconds: sorted.at(-1) ?? null };
};

describe('first-response times from aggregates', () => {
  it('rank on the counts exactly as on every case sorted: median, p90 and maximum per level and in total, over 500 random sets', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const { sources: cells, times } = sources(seed);
      const figures = figuresFromAggregates(cells, Date.parse('2026-04-01T00:00:00Z'), RESPONSE_LEVELS);
      for (const level of RESPONSE_LEVELS) expect(figures.levels[level]!.timeToFirstResponse, `seed ${seed} level ${level}`).toEqual(expected(times.get(level)!));
      expect(figures.total.timeToFirstResponse, `seed ${seed} total`).toEqual(expected([...times.values()].flat()));
    }
  });

  it('rank within a run of equal times: 10 cases at 60 s and 1 at 600 s have their median and p90 at 60 s', () => {
    const cell: AggregateCell = { slot: 9, level: 'III', opened: 11, notCovered: 0, met: 11, late: 0, breached: 0, seconds: [60, 10, 600, 1], pending: [] };
    const figures = figuresFromAggregates([{ key: { day: '2026-03-02', institution: 'uni-a', shard: 0 }, forEachCell: (visit) => visit(cell) }], 0, ['III']);
    expect(figures.levels.III!.timeToFirstResponse).toEqual({ count: 11, medianSeconds: 60, p90Seconds: 60, maxSeconds: 600 });
  });
});
