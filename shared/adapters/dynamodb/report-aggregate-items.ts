import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { type AggregateDelta, type AggregateKey, type AggregateRecord, aggregateDeltas, isRecordedBreach } from '../../domain/sla-aggregates.js';
import type { SupportCase } from '../../domain/support-case.js';
import { INDEXES, KEY } from './table-layout.js';

/**
 * The report's items: one aggregate per UTC day × institution × level (entries in sla-aggregates.ts), in one
 * partition per institution and month, and the keys that put a case breached for good into the `lists` index (`BREACH#<YYYY-MM>`).
 * A case item written with its aggregates says so (`REPORTED`): cases written before aggregates existed lack it
 * and are counted once, by the backfill or by their next change, whichever comes first.
 */
export const REPORTED = 'reportAggregated';

export const aggregatePartition = (institution: string, month: string) => `REPORT#${institution}#${month}`;
export const aggregateKey = (key: AggregateKey) => ({ [KEY.partition]: aggregatePartition(key.institution, key.day.slice(0, 7)), [KEY.sort]: key.day });

/** The breach list keys of a case item (in the `lists` index), when it is breached for good. */
export function breachIndexKeys(supportCase: SupportCase): Record<string, string> {
  if (!isRecordedBreach(supportCase)) return {};
  return { [INDEXES.lists.partition]: `BREACH#${supportCase.createdAt.slice(0, 7)}`, [INDEXES.lists.sort]: supportCase.caseNumber };
}

/** One aggregate's change as a transaction item: counts added, unanswered cases set or removed. */
function aggregateUpdate(tableName: string, delta: AggregateDelta): TransactWriteItem {
  // The item is named by its key alone: no other attribute, so it reads back as fast as it can.
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const adds: string[] = [];
  const removes: string[] = [];
  let i = 0;
  for (const [name, n] of Object.entries(delta.add)) {
    names[`#e${i}`] = name;
    values[`:e${i}`] = n;
    adds.push(`#e${i} :e${i}`);
    i++;
  }
  for (const [name, due] of Object.entries(delta.set)) {
    names[`#e${i}`] = name;
    values[`:e${i}`] = due;
    sets.push(`#e${i} = :e${i}`);
    i++;
  }
  for (const name of delta.remove) {
    names[`#e${i}`] = name;
    removes.push(`#e${i}`);
    i++;
  }
  return {
    Update: {
      TableName: tableName,
      Key: marshall(aggregateKey(delta.key)),
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: marshall(values) } : {}),
    },
  };
}

/**
 * The aggregate updates that go into the transaction recording a case's change (`previous` null: the case is
 * counted for the first time). The transaction is conditional on the case's version, so a retried or failed one
 * never counts twice.
 */
export function reportAggregateUpdates(tableName: string, previous: SupportCase | null, next: SupportCase): TransactWriteItem[] {
  return aggregateDeltas(previous, next).map((delta) => aggregateUpdate(tableName, delta));
}

const ENTRY_NAME = /^[1-4]([onmlb]|t_\d+|[uc]_\d{8})$/;
const aggregateKeySchema = z.object({ pk: z.string().check(z.regex(/^REPORT#.+#\d{4}-\d{2}$/)), sk: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) });

/** An aggregate item read back, parsed: its key names its institution and day, and every entry must be one the transactions write. */
export function parseAggregate(item: Record<string, AttributeValue>): AggregateRecord {
  const { [KEY.partition]: pk, [KEY.sort]: sk, ...entries } = unmarshall(item);
  const keys = aggregateKeySchema.parse({ pk, sk });
  const key = { institution: keys.pk.slice('REPORT#'.length, -'#YYYY-MM'.length), day: keys.sk };
  const { day, institution } = key;
  const counts: Record<string, number> = {};
  const pending: Record<string, number> = {};
  for (const [name, value] of Object.entries(entries)) {
    if (!ENTRY_NAME.test(name) || typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`aggregate ${day} ${institution}: unexpected entry ${name}`);
    if (name.charAt(1) === 'u' || name.charAt(1) === 'c') pending[name] = value;
    else counts[name] = value;
  }
  return { key, counts, pending };
}

/** A whole aggregate item, as the transactions would have built it (for seeding benchmarks and measuring sizes). */
export function aggregateItem(record: AggregateRecord): Record<string, AttributeValue> {
  return marshall({ ...aggregateKey(record.key), ...record.counts, ...record.pending });
}
