import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient, GetItemCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { DomainError, invalidCursor } from '../../domain/errors.js';
import type { SupportCase } from '../../domain/support-case.js';
import type { RecordedEvent } from '../../domain/timeline-event.js';
import type { CasePage, CasePosition, CaseQuery, CaseReader } from '../../ports/case-reader.js';
import type { Page } from '../../ports/case-update-store.js';
import { parseCase, readCase } from './case-item.js';
import { COUNTER_KEY, caseKey, casePartition } from './items.js';
import { monthOf, storeCall } from './store-calls.js';
import { pingTable } from './table-ping.js';
import { INDEXES, KEY, type ListDimension, listPartition } from './table-layout.js';
import { parseEvent } from './timeline-item.js';

function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

function badCursor(): never {
  throw invalidCursor();
}

type Index = (typeof INDEXES)[keyof typeof INDEXES];

/**
 * Where a listing reads: one index, walked month by month newest first (`monthly`) or in its one partition, and
 * what the filter expression still has to narrow there. List entries (the `lists` index) name their case, which is
 * then read; the other indexes hold the case items themselves.
 */
interface ListSource {
  readonly index: Index;
  readonly monthly: boolean;
  readonly partition: (month: string) => string;
  /** The filter the partition already implies (the others are narrowed by a filter expression). */
  readonly implies?: 'institution' | 'status' | 'responseLevel' | 'assignee';
}

/** Statuses that cases end in, so they gather most of the history: a list of one of them is the least selective. */
const SETTLED_STATUSES: ReadonlySet<string> = new Set(['resolved', 'closed']);

/**
 * The narrowest index partition a query can read, by a fixed order of how many cases each list usually holds: a
 * status cases pass through (new, in progress, awaiting the customer) or `redirected`, then one person's cases, then
 * one institution's, then the unassigned ones, then a settled status, then a level (one in four). The query's other
 * filters narrow that partition with a filter expression; no filter: every case, by month.
 */
function listSource(query: CaseQuery): ListSource {
  const list = (dimension: ListDimension, value: string | null): ListSource => ({
    index: INDEXES.lists,
    monthly: true,
    partition: (month) => listPartition(dimension, value, month),
    implies: dimension === 'level' ? 'responseLevel' : dimension,
  });
  const { status, assignee, institution, responseLevel } = query;
  if (status !== undefined && !SETTLED_STATUSES.has(status)) return list('status', status);
  if (typeof assignee === 'string') return list('assignee', assignee);
  if (institution !== undefined) return { index: INDEXES.byInstitution, monthly: false, partition: () => `INST#${institution}`, implies: 'institution' };
  if (assignee === null) return list('assignee', null);
  if (status !== undefined) return list('status', status);
  if (responseLevel !== undefined) return list('level', responseLevel);
  return { index: INDEXES.byMonth, monthly: true, partition: (month) => `MONTH#${month}` };
}

/** The filter expression narrowing a partition to the query's other filters (attributes named as on the case item). */
function narrowing(query: CaseQuery, source: ListSource): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames'> & { values: Record<string, string> } {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  const equal = (attribute: string, value: string) => {
    filters.push(`#${attribute} = :${attribute}`);
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
  };
  if (source.implies !== 'institution' && query.institution !== undefined) equal('institution', query.institution);
  if (source.implies !== 'status' && query.status !== undefined) equal('status', query.status);
  if (source.implies !== 'responseLevel' && query.responseLevel !== undefined) equal('responseLevel', query.responseLevel);
  if (source.implies !== 'assignee' && query.assignee !== undefined) {
    if (query.assignee !== null) equal('assignee', query.assignee);
    else {
      filters.push('(attribute_not_exists(#assignee) OR attribute_type(#assignee, :null))');
      names['#assignee'] = 'assignee';
      values[':null'] = 'NULL';
    }
  }
  return { ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}), values };
}

/** A case read for a list entry still belongs to the list: the index lags the table by a moment after a change. */
const stillListed = (query: CaseQuery, c: SupportCase) =>
  (query.institution === undefined || c.institution === query.institution) &&
  (query.status === undefined || c.status === query.status) &&
  (query.responseLevel === undefined || c.responseLevel === query.responseLevel) &&
  (query.assignee === undefined || c.assignee === query.assignee);

const listEntrySchema = z.object({ caseNumber: z.string().check(z.regex(/^\d{8}$/)) });

/** Keys per BatchGetItem (DynamoDB's limit), and attempts at keys it leaves unprocessed (throttled) before giving up. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 6;

/** `<INDEX>#<YYYY-MM>…`: the month a month-walk partition belongs to. */
const MONTH_IN_PARTITION = /^[A-Z]+#(\d{4}-(?:0[1-9]|1[0-2]))(?:#|$)/;

/** Timeline events read per query at the least. */
const EVENTS_PER_READ = 100;

/** The read side of the case table: cases, listings, timelines. It writes nothing and bundles nothing that does. */
export class DynamoDbCaseReader implements CaseReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  getCase(caseNumber: string): Promise<SupportCase | undefined> {
    return readCase(this.client, this.tableName, caseNumber);
  }

  async listCases(query: CaseQuery): Promise<CasePage> {
    const source = listSource(query);
    const keyNames = [KEY.partition, KEY.sort, source.index.partition, source.index.sort];

    // Month partitions are walked back, newest first, never past the month of the first case ever opened.
    const firstMonth = source.monthly ? await this.firstMonth() : undefined;
    if (source.monthly && firstMonth === undefined) return { items: [], next: null };
    let { month, startKey } = this.position(query, source, keyNames, firstMonth ?? '');
    const olderMonth = () => (source.monthly && month > firstMonth! ? previousMonth(month) : undefined);
    const { values, ...filter } = narrowing(query, source);
    const keyOf = (raw: Record<string, AttributeValue>) => Object.fromEntries(keyNames.map((name) => [name, raw[name]?.S ?? '']));

    const items: SupportCase[] = [];
    const positionAt = (partition: string, key?: Record<string, string>): CasePosition => (key ? { partition, key } : { partition });
    for (let queries = 0; ; queries++) {
      const partition = source.partition(month);
      // Out of time: say where the walk got to; the client carries on from there.
      if (queries > 0 && query.deadline !== undefined && Date.now() >= query.deadline) return { items, next: positionAt(partition, startKey) };
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: source.index.name,
        KeyConditionExpression: '#pk = :pk',
        ...filter,
        ExpressionAttributeNames: { ...filter.ExpressionAttributeNames, '#pk': source.index.partition },
        ExpressionAttributeValues: marshall({ ...values, ':pk': partition }),
        ScanIndexForward: false,
        Limit: Math.max(query.limit - items.length, 25),
        ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
      };
      const page = await this.queryFromPosition(input, queries === 0 && query.after !== undefined);
      const found = page.Items ?? [];
      const taken = found.slice(0, query.limit - items.length);
      items.push(...(await this.casesOf(source, taken, query)));
      // More in this partition: the rest of this read, or what DynamoDB has not read yet.
      const more = taken.length < found.length || page.LastEvaluatedKey !== undefined;
      const last = taken[taken.length - 1];
      if (items.length >= query.limit) {
        if (more && last) return { items, next: positionAt(partition, keyOf(last)) };
        const older = olderMonth();
        return { items, next: older ? positionAt(source.partition(older)) : null };
      }
      if (more) {
        startKey = taken.length < found.length && last ? keyOf(last) : (unmarshall(page.LastEvaluatedKey!) as Record<string, string>);
        continue;
      }
      const older = olderMonth();
      if (!older) return { items, next: null };
      month = older;
      startKey = undefined;
    }
  }

  /** The cases of what a listing read: case items as they are; list entries' cases read (consistently) and kept in order. */
  private async casesOf(source: ListSource, found: Record<string, AttributeValue>[], query: CaseQuery): Promise<SupportCase[]> {
    if (source.index.name !== INDEXES.lists.name) return found.map((raw) => parseCase(raw));
    const numbers = found.map((raw) => listEntrySchema.parse(unmarshall(raw)).caseNumber);
    const cases = new Map<string, SupportCase>();
    for (let i = 0; i < numbers.length; i += BATCH_GET_KEYS) {
      for (const c of await this.batchGetCases(numbers.slice(i, i + BATCH_GET_KEYS))) cases.set(c.caseNumber, c);
    }
    return numbers.flatMap((n) => {
      const c = cases.get(n);
      return c !== undefined && stillListed(query, c) ? [c] : [];
    });
  }

  /** Case items by number (at most 100), read consistently; keys DynamoDB leaves unprocessed are asked for again after a pause. */
  private async batchGetCases(numbers: readonly string[]): Promise<SupportCase[]> {
    const cases: SupportCase[] = [];
    let keys: Record<string, AttributeValue>[] = numbers.map((n) => marshall(caseKey(n)));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > BATCH_GET_ATTEMPTS) throw new DomainError('store-unavailable', 'the case store is not available right now; retry later', { cause: 'UnprocessedKeys' });
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      const result = await storeCall(() => this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } })));
      cases.push(...(result.Responses?.[this.tableName] ?? []).map((raw) => parseCase(raw)));
      keys = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return cases;
  }

  /** A query that may start from a client's position: DynamoDB refusing its key is the client's fault (400), not ours. */
  private async queryFromPosition(input: QueryCommandInput, fromClient: boolean) {
    try {
      return await storeCall(() => this.client.send(new QueryCommand(input)));
    } catch (error) {
      if (fromClient && (error as Error).name === 'ValidationException') badCursor();
      throw error;
    }
  }

  /**
   * Where a listing starts: the newest end of its first partition, or where the previous page stopped. A position is
   * only honoured inside what the caller may read (the partitions of the query's own list) and between the first
   * month with cases and this month, so no position can widen a query or send the walk outside the months that hold data.
   */
  private position(query: CaseQuery, source: ListSource, keyNames: string[], firstMonth: string): { month: string; startKey: Record<string, string> | undefined } {
    const newest = monthOf(query.now);
    if (query.after === undefined) return { month: newest, startKey: undefined };
    const { partition, key } = query.after;
    const month = source.monthly ? MONTH_IN_PARTITION.exec(partition)?.[1] : newest;
    const validPartition = month !== undefined && partition === source.partition(month) && (!source.monthly || (month >= firstMonth && month <= newest));
    const validKey =
      key === undefined ||
      (Object.keys(key).length === keyNames.length && keyNames.every((name) => typeof key[name] === 'string' && key[name] !== '') && key[source.index.partition] === partition);
    if (!validPartition || !validKey) badCursor();
    return { month, startKey: key === undefined ? undefined : { ...key } };
  }

  async listEvents(caseNumber: string, options: { publicOnly: boolean; limit: number; after?: string | undefined }): Promise<Page<RecordedEvent>> {
    const items: RecordedEvent[] = [];
    let after = options.after;
    // With the public-only filter a page may come back short: read on until it is full or the timeline ends, in
    // reads of at least a page (so a run of internal events costs a few queries, not one per event).
    for (;;) {
      const result = await storeCall(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :event)',
            ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort, ...(options.publicOnly ? { '#visibility': 'visibility' } : {}) },
            ExpressionAttributeValues: marshall({ ':pk': casePartition(caseNumber), ':event': 'EVENT#', ...(options.publicOnly ? { ':public': 'public' } : {}) }),
            ...(options.publicOnly ? { FilterExpression: '#visibility = :public' } : {}),
            Limit: Math.max(options.limit, EVENTS_PER_READ),
            ...(after ? { ExclusiveStartKey: marshall({ [KEY.partition]: casePartition(caseNumber), [KEY.sort]: after }) } : {}),
          }),
        ),
      );
      const found = result.Items ?? [];
      for (const [i, raw] of found.entries()) {
        items.push(parseEvent(raw));
        if (items.length < options.limit) continue;
        // The page is full: it ends at this event, whatever else this read returned.
        const more = i < found.length - 1 || result.LastEvaluatedKey !== undefined;
        return more ? { items, next: items[items.length - 1]!.id } : { items };
      }
      const last = result.LastEvaluatedKey?.[KEY.sort]?.S;
      if (!last) return { items };
      after = last;
    }
  }

  ping(): Promise<void> {
    return pingTable(this.client, this.tableName);
  }

  /** The month of the first case; once there it never changes (the counter sets it if not set), so a warm function reads it once. */
  private async firstMonth(): Promise<string | undefined> {
    if (this.knownFirstMonth !== undefined) return this.knownFirstMonth;
    const result = await storeCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(COUNTER_KEY), ProjectionExpression: 'firstMonth' })),
    );
    this.knownFirstMonth = result.Item?.firstMonth?.S;
    return this.knownFirstMonth;
  }

  private knownFirstMonth: string | undefined;
}

