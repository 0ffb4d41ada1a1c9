import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type AggregateCells, type AggregateKey, type AggregateRecord, isRecordedBreach } from '../../domain/sla-aggregates.js';
import type { SupportCase } from '../../domain/support-case.js';
import { cellsIn, decodeCells, encodeCells } from './aggregate-encoding.js';
import { INDEXES, KEY } from './table-layout.js';

/**
 * The report's items: one aggregate per UTC day × institution × shard (cells in sla-aggregates.ts, stored as one
 * binary attribute, aggregate-encoding.ts, with a version the transactions write on), in one partition per
 * institution and month, and the keys that put a case breached for good into the `lists` index (`BREACH#<YYYY-MM>`).
 *
 * A case item written with its aggregates says in which form (`REPORTED`, the number REPORT_FORM): cases written
 * before aggregates existed lack it, and cases counted in an earlier form (`true`: one attribute per entry, sort
 * key `<YYYY-MM-DD>`, items no longer read) have another value; both are counted once in this form, by the backfill
 * or by their next change, whichever comes first.
 */
export const REPORTED = 'reportAggregated';
export const REPORT_FORM = 2;

/** The attributes of an aggregate item besides its key. */
const CELLS = 'cells';
const VERSION = 'version';

export const aggregatePartition = (institution: string, month: string) => `REPORT#${institution}#${month}`;
/** Sort keys `D#<YYYY-MM-DD>#<shard>`: apart from the earlier form's `<YYYY-MM-DD>`, so a query for one never meets the other. */
export const aggregateSortKey = (day: string, shard?: number) => `D#${day}#${shard ?? ''}`;
export const aggregateKey = (key: AggregateKey) => ({ [KEY.partition]: aggregatePartition(key.institution, key.day.slice(0, 7)), [KEY.sort]: aggregateSortKey(key.day, key.shard) });

/** The breach list keys of a case item (in the `lists` index), when it is breached for good. */
export function breachIndexKeys(supportCase: SupportCase): Record<string, string> {
  if (!isRecordedBreach(supportCase)) return {};
  return { [INDEXES.lists.partition]: `BREACH#${supportCase.createdAt.slice(0, 7)}`, [INDEXES.lists.sort]: supportCase.caseNumber };
}

/** An aggregate item as it is written, at `version` (for the transactions, and for seeding benchmarks). */
export function aggregateItem(record: AggregateRecord, version = 1): Record<string, AttributeValue> {
  const key = aggregateKey(record.key);
  return { [KEY.partition]: { S: key[KEY.partition]! }, [KEY.sort]: { S: key[KEY.sort]! }, [CELLS]: { B: encodeCells(record) }, [VERSION]: { N: String(version) } };
}

const PARTITION = /^REPORT#(.+)#\d{4}-\d{2}$/;
const SORT_KEY = /^D#(\d{4}-\d{2}-\d{2})#(\d+)$/;

/** An aggregate item's key (its institution, day and shard), cells and version, checked. */
function parsedItem(item: Record<string, AttributeValue>): { key: AggregateKey; cells: Uint8Array; version: number } {
  const [pk, sk, version, cells] = [item[KEY.partition]?.S ?? '', item[KEY.sort]?.S ?? '', Number(item[VERSION]?.N), item[CELLS]?.B];
  const institution = PARTITION.exec(pk)?.[1];
  const [, day, shard] = SORT_KEY.exec(sk) ?? [];
  if (institution === undefined || day === undefined || shard === undefined || !Number.isSafeInteger(version) || version < 1 || cells === undefined || day.slice(0, 7) !== pk.slice(-7)) {
    throw new Error(`not an aggregate item: ${pk} ${sk}`);
  }
  return { key: { institution, day, shard: Number(shard) }, cells, version };
}

/** An aggregate item read back whole, to be changed: its key names its institution, day and shard; its cells are checked as they are decoded. */
export function parseAggregate(item: Record<string, AttributeValue>): { record: AggregateRecord; version: number } {
  const { key, cells, version } = parsedItem(item);
  return { record: decodeCells(key, cells), version };
}

/** An aggregate item read back for a report: its cells are read (and checked) as the report goes through them. */
export function aggregateCellsOf(item: Record<string, AttributeValue>): AggregateCells {
  const { key, cells } = parsedItem(item);
  return cellsIn(key, cells);
}
