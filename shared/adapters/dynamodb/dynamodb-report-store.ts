import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { AggregateCells } from '../../domain/sla-aggregates.js';
import type { BreachedCase } from '../../domain/sla-report.js';
import type { SupportCase } from '../../domain/support-case.js';
import { RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import type { BreachPosition, BreachQuery, ReportStore } from '../../ports/report-store.js';
import { parseCase } from './case-item.js';
import { caseKey } from './items.js';
import { monthOf, monthsFromTo, queryBetween, storeCall } from './store-calls.js';
import { aggregateCellsOf, aggregatePartition, aggregateSortKey } from './report-aggregate-items.js';
import { INDEXES, KEY } from './table-layout.js';

/** Month partitions queried at once. */
const PARALLEL_QUERIES = 16;

/** Runs `work` on every input, at most `limit` at a time, keeping the order of the inputs. */
async function inParallel<T, R>(inputs: readonly T[], limit: number, work: (input: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await work(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

/** A breach list item: what the breach list shows (the `lists` index projects little else). */
const breachItemSchema = z.object({
  caseNumber: z.string(),
  institution: z.string(),
  responseLevel: z.enum(RESPONSE_LEVELS),
  sla: z.object({ firstResponseDueAt: z.string() }),
  firstResponse: z.nullable(z.object({ at: z.string() })),
});

export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async aggregates(firstDay: string, lastDay: string, institutions: readonly string[]): Promise<{ records: AggregateCells[]; itemsRead: number }> {
    if (lastDay < firstDay) return { records: [], itemsRead: 0 };
    const partitions = institutions.flatMap((institution) => monthsFromTo(firstDay.slice(0, 7), lastDay.slice(0, 7)).map((month) => aggregatePartition(institution, month)));
    const lower = aggregateSortKey(firstDay);
    const upper = `${aggregateSortKey(lastDay)}~`;
    const pages = await inParallel(partitions, PARALLEL_QUERIES, (partition) => queryBetween(this.client, { tableName: this.tableName, partition, lower, upper }));
    const records = pages.flatMap((page) => page.items).map(aggregateCellsOf);
    return { records, itemsRead: records.length };
  }

  async casesCreatedBetween(from: number, to: number, institution?: string): Promise<{ cases: SupportCase[]; itemsRead: number }> {
    if (to <= from) return { cases: [], itemsRead: 0 };
    // Index sort keys are `<created instant, fixed width>#<case number>`: a BETWEEN on them selects the period exactly.
    const lower = new Date(from).toISOString();
    const upper = `${new Date(to - 1).toISOString()}~`;
    const partitions =
      institution !== undefined
        ? [{ index: INDEXES.byInstitution, value: `INST#${institution}` }]
        : monthsFromTo(monthOf(from), monthOf(to - 1)).map((month) => ({ index: INDEXES.byMonth, value: `MONTH#${month}` }));
    const cases: SupportCase[] = [];
    let itemsRead = 0;
    for (const { index, value } of partitions) {
      const found = await queryBetween(this.client, { tableName: this.tableName, index, partition: value, lower, upper });
      itemsRead += found.scanned;
      cases.push(...found.items.map((item) => parseCase(item)));
    }
    return { cases, itemsRead };
  }

  async recordedBreaches(query: BreachQuery): Promise<{ items: BreachedCase[]; next: BreachPosition | null; itemsRead: number }> {
    const index = INDEXES.lists;
    const months = monthsFromTo(query.after?.month ?? monthOf(query.from), monthOf(query.to - 1));
    const items: BreachedCase[] = [];
    let itemsRead = 0;
    const names: Record<string, string> = { '#pk': index.partition, '#created': 'createdAt' };
    const values: Record<string, string> = { ':from': new Date(query.from).toISOString(), ':to': new Date(query.to).toISOString() };
    // `BREACH#` partitions hold breaches only; the period's first and last months hold some of other days, and the filters
    // asked for leave out other institutions' and levels' breaches.
    const filters = ['#created >= :from', '#created < :to'];
    if (query.institution !== undefined) {
      names['#institution'] = 'institution';
      values[':institution'] = query.institution;
      filters.push('#institution = :institution');
    }
    if (query.level !== undefined) {
      names['#level'] = 'responseLevel';
      values[':level'] = query.level;
      filters.push('#level = :level');
    }
    for (const month of months) {
      const after = query.after?.month === month ? query.after.after : undefined;
      let startKey: Record<string, AttributeValue> | undefined = after ? marshall({ [index.partition]: `BREACH#${month}`, [index.sort]: after, [KEY.partition]: caseKey(after)[KEY.partition], [KEY.sort]: 'CASE' }) : undefined;
      do {
        const page = await storeCall(() =>
          this.client.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: index.name,
              KeyConditionExpression: '#pk = :pk',
              FilterExpression: filters.join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: marshall({ ...values, ':pk': `BREACH#${month}` }),
              Limit: Math.max(query.limit - items.length, 25),
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        itemsRead += page.ScannedCount ?? 0;
        const found = page.Items ?? [];
        for (const [i, raw] of found.entries()) {
          const b = breachItemSchema.parse(unmarshall(raw));
          items.push({ caseNumber: b.caseNumber, institution: b.institution, level: b.responseLevel, firstResponseDueAt: b.sla.firstResponseDueAt, respondedAt: b.firstResponse?.at ?? null });
          if (items.length < query.limit) continue;
          const more = i < found.length - 1 || page.LastEvaluatedKey !== undefined || month !== months[months.length - 1];
          return { items, next: more ? { month, after: b.caseNumber } : null, itemsRead };
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return { items, next: null, itemsRead };
  }
}
