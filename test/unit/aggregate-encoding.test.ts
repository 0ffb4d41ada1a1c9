import { describe, expect, it } from 'vitest';
import { decodeCells, encodeCells } from '../../shared/adapters/dynamodb/aggregate-encoding.js';
import type { AggregateCell, AggregateRecord } from '../../shared/domain/sla-aggregates.js';

const key = { day: '2026-03-29', institution: 'uni-a', shard: 3 };
const dayStart = Date.parse('2026-03-29T00:00:00Z');
const cell = (fields: Partial<AggregateCell> & Pick<AggregateCell, 'slot' | 'level'>): AggregateCell => ({ opened: 0, notCovered: 0, met: 0, late: 0, breached: 0, seconds: [], pending: [], ...fields });

describe('the stored form of report aggregates', () => {
  it('gives back exactly what it was given: every count, time and pending case, at the edges of their ranges', () => {
    const record: AggregateRecord = {
      key,
      cells: [
        cell({ slot: 0, level: 'I', opened: 1 }),
        cell({ slot: 0, level: 'IV', opened: 300, notCovered: 2, met: 127, late: 128, breached: 16_384, seconds: [0, 1, 1, 2, 127, 1, 128, 300, 2_000_000, 1] }),
        cell({
          slot: 23,
          level: 'III',
          opened: 3,
          pending: [
            { caseNumber: '00000001', due: dayStart - 1, closed: false },
            { caseNumber: '00000002', due: dayStart + 40 * 86_400_000 + 7, closed: true },
            { caseNumber: '99999999', due: dayStart, closed: false },
          ],
        }),
      ],
    };
    expect(decodeCells(key, encodeCells(record))).toEqual(record);
  });

  it('costs a few bytes for a cell of one case', () => {
    const one = (c: AggregateCell) => encodeCells({ key, cells: [c] }).length - 2; // less the form and the number of cells
    expect(one(cell({ slot: 5, level: 'II', opened: 1 }))).toBe(3);
    expect(one(cell({ slot: 5, level: 'II', opened: 1, met: 1, seconds: [1_800, 1] }))).toBe(7);
  });

  it('refuses what it did not write: another form, a cut-off item, bytes left over, a count below zero, a count of a time below 2', () => {
    const bytes = encodeCells({ key, cells: [cell({ slot: 1, level: 'I', opened: 2, met: 1, seconds: [60, 1] })] });
    expect(() => decodeCells(key, Uint8Array.from([1, ...bytes.subarray(1)]))).toThrow(/unknown form/);
    expect(() => decodeCells(key, bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => decodeCells(key, Uint8Array.from([...bytes, 0]))).toThrow(/trailing/);
    expect(() => encodeCells({ key, cells: [cell({ slot: 1, level: 'I', opened: -1 })] })).toThrow(/out of range/);
    // A time taken by several cases carries its count last; a count below 2 is never written.
    const twice = encodeCells({ key, cells: [cell({ slot: 1, level: 'I', opened: 2, met: 2, seconds: [60, 2] })] });
    expect(decodeCells(key, twice).cells[0]!.seconds).toEqual([60, 2]);
    for (const count of [0, 1]) expect(() => decodeCells(key, Uint8Array.from([...twice.subarray(0, twice.length - 1), count]))).toThrow(/bad count/);
  });
});
