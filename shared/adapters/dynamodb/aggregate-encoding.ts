import { type AggregateCell, type AggregateCells, type AggregateKey, type AggregateRecord, COUNT_KINDS, type PendingEntry, SLOTS_PER_DAY, recordFrom } from '../../domain/sla-aggregates.js';
import { RESPONSE_LEVELS, type ResponseLevel } from '../../domain/policy-terms.js';

/**
 * The stored form of an aggregate's cells: one binary attribute (DynamoDB reads and writes one attribute far faster
 * than hundreds, and it is a third of the size). Unsigned LEB128 varints unless said otherwise:
 *
 *   form (1 byte, FORM) · cells
 *   per cell, in slot then level order: slot × 4 + level (1 byte, level 0–3 for I–IV) · what it holds (1 byte: bits
 *     0–4 the counts opened, notCovered, met, late, breached that are not zero, bit 5 times, bit 6 pending cases)
 *     · those counts · if times: values · per seconds value, ascending: (gap from the previous value) × 2 +
 *     (count > 1), then the count if > 1 · if pending cases: their number · per case, by case number: (gap from the
 *     previous number) × 2 + closed, then its deadline as a zigzag offset in ms from the day's start.
 *
 * At 10,000 cases a day most answered cases cost one or two bytes (a gap of a few hundred seconds in their hour);
 * at a few cases an hour a cell costs 5 to 8 bytes.
 */
const FORM = 2;
const TIMES = 1 << 5;
const PENDING = 1 << 6;

class Writer {
  private bytes = new Uint8Array(256);
  private length = 0;

  byte(value: number): void {
    if (this.length === this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes[this.length++] = value;
  }

  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`aggregate value out of range: ${value}`);
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

class Reader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  byte(): number {
    const b = this.bytes[this.at++];
    if (b === undefined) throw new Error(`${this.what}: truncated aggregate`);
    return b;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.at++];
      if (b === undefined || scale > 2 ** 49) throw new Error(`${this.what}: truncated or malformed aggregate`);
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  get finished(): boolean {
    return this.at === this.bytes.length;
  }
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);
const dayStartOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** An aggregate's cells in their stored form. */
export function encodeCells(record: AggregateRecord): Uint8Array {
  const out = new Writer();
  const dayStart = dayStartOf(record.key.day);
  out.byte(FORM);
  out.varint(record.cells.length);
  for (const cell of record.cells) {
    const { seconds, pending } = cell;
    out.byte(cell.slot * 4 + RESPONSE_LEVELS.indexOf(cell.level));
    let holds = (seconds.length > 0 ? TIMES : 0) | (pending.length > 0 ? PENDING : 0);
    COUNT_KINDS.forEach((kind, bit) => (holds |= cell[kind] !== 0 ? 1 << bit : 0));
    out.byte(holds);
    for (const kind of COUNT_KINDS) if (cell[kind] !== 0) out.varint(cell[kind]);
    if (seconds.length > 0) {
      out.varint(seconds.length / 2);
      let previous = 0;
      for (let i = 0; i < seconds.length; i += 2) {
        const [value, n] = [seconds[i]!, seconds[i + 1]!];
        out.varint((value - previous) * 2 + (n > 1 ? 1 : 0));
        if (n > 1) out.varint(n);
        previous = value;
      }
    }
    if (pending.length > 0) {
      out.varint(pending.length);
      let previousCase = 0;
      for (const p of pending) {
        const caseNumber = Number(p.caseNumber);
        out.varint((caseNumber - previousCase) * 2 + (p.closed ? 1 : 0));
        out.varint(zigzag(p.due - dayStart));
        previousCase = caseNumber;
      }
    }
  }
  return out.done();
}

/** A cell as it is read, filled again for each cell of an item. */
interface CellBeingRead {
  slot: number;
  level: ResponseLevel;
  opened: number;
  notCovered: number;
  met: number;
  late: number;
  breached: number;
  seconds: number[];
  pending: readonly PendingEntry[];
}

const NONE: readonly PendingEntry[] = Object.freeze([]);

/** An aggregate's cells read straight from their stored form, each time they are asked for; every field is checked against what `encodeCells` writes. */
export function cellsIn(key: AggregateKey, bytes: Uint8Array): AggregateCells {
  const what = `aggregate ${key.day} ${key.institution} ${key.shard}`;
  if (bytes[0] !== FORM) throw new Error(`${what}: unknown form ${bytes[0]}`);
  return { key, forEachCell: (visit) => readCells(what, dayStartOf(key.day), bytes, visit) };
}

/** An aggregate read back whole (to change it). */
export const decodeCells = (key: AggregateKey, bytes: Uint8Array): AggregateRecord => recordFrom(cellsIn(key, bytes));

function readCells(what: string, dayStart: number, bytes: Uint8Array, visit: (cell: AggregateCell) => void): void {
  const input = new Reader(bytes.subarray(1), what);
  const cell: CellBeingRead = { slot: 0, level: 'I', opened: 0, notCovered: 0, met: 0, late: 0, breached: 0, seconds: [], pending: [] };
  for (let c = input.varint(); c > 0; c--) {
    const place = input.byte();
    const holds = input.byte();
    cell.slot = place >> 2;
    cell.level = RESPONSE_LEVELS[place & 3]!;
    if (cell.slot >= SLOTS_PER_DAY || holds >= 1 << 7) throw new Error(`${what}: bad cell`);
    cell.opened = holds & 1 ? input.varint() : 0;
    cell.notCovered = holds & 2 ? input.varint() : 0;
    cell.met = holds & 4 ? input.varint() : 0;
    cell.late = holds & 8 ? input.varint() : 0;
    cell.breached = holds & 16 ? input.varint() : 0;
    cell.seconds.length = 0;
    if (holds & TIMES) {
      let value = 0;
      for (let n = input.varint(); n > 0; n--) {
        const step = input.varint();
        value += Math.floor(step / 2);
        const count = step % 2 === 1 ? input.varint() : 1;
        // The encoder writes a count only when it is 2 or more.
        if (count < 2 && step % 2 === 1) throw new Error(`${what}: bad count`);
        cell.seconds.push(value, count);
      }
    }
    cell.pending = NONE;
    if (holds & PENDING) {
      const pending: PendingEntry[] = [];
      let caseNumber = 0;
      for (let n = input.varint(); n > 0; n--) {
        const step = input.varint();
        caseNumber += Math.floor(step / 2);
        pending.push({ caseNumber: String(caseNumber).padStart(8, '0'), closed: step % 2 === 1, due: dayStart + unzigzag(input.varint()) });
      }
      cell.pending = pending;
    }
    visit(cell);
  }
  if (!input.finished) throw new Error(`${what}: trailing bytes`);
}
