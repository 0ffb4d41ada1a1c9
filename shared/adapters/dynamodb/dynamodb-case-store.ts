import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { DomainError, invalidCursor } from '../../domain/errors.js';
import type { SupportCase } from '../../domain/support-case.js';
import type { CaseQuery, CasePage, CasePosition, CaseStore, CreateCaseResult, NewCase, StoredIdempotency } from '../../ports/case-store.js';
import { type ListDimension, alertItem, caseItem, caseKey, eventItem, idempotencyItem, listEntryItems, listPartition, mailItem, monthsFromTo, parseCase, putNew, queryBetween, secretsKey, storeCall, timerItem } from './items.js';
import { findIdempotencyRecord } from './idempotency-records.js';
import { transactWithAggregate } from './aggregate-writes.js';
import { INDEXES, KEY } from './table-layout.js';

const COUNTER_KEY = { [KEY.partition]: 'COUNTER', [KEY.sort]: 'CASE_NUMBER' };

const monthOf = (instant: number) => new Date(instant).toISOString().slice(0, 7);

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

export class DynamoDbCaseStore implements CaseStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** The secrets table; intake writes to it and never reads it. */
    private readonly secretsTableName: string,
  ) {}

  async allocateCaseNumber(openedAt: number): Promise<number> {
    const result = await storeCall(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(COUNTER_KEY),
          UpdateExpression: 'SET #first = if_not_exists(#first, :month) ADD #last :one',
          ExpressionAttributeNames: { '#first': 'firstMonth', '#last': 'last' },
          ExpressionAttributeValues: marshall({ ':month': monthOf(openedAt), ':one': 1 }),
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    const last = result.Attributes?.last?.N;
    if (last === undefined) throw new Error('case counter update returned no value');
    return Number(last);
  }

  findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined> {
    return findIdempotencyRecord(this.client, this.tableName, scope, key);
  }

  async createCase({ supportCase, secrets, idempotency, event, timers, alerts, mails = [] }: NewCase): Promise<CreateCaseResult> {
    const put = (item: Record<string, AttributeValue>): TransactWriteItem => ({ Put: putNew(this.tableName, item) });
    const items: TransactWriteItem[] = [
      put(caseItem(supportCase)),
      put(eventItem(supportCase.caseNumber, event)),
      ...timers.map((timer) => put(timerItem(supportCase.caseNumber, timer))),
      ...alerts.map((alert) => put(alertItem(alert, supportCase.createdAt))),
      ...mails.map((mail) => put(mailItem(mail, supportCase.createdAt))),
      ...listEntryItems(supportCase).map(put),
    ];
    if (secrets.appCredentials !== null || secrets.remoteAccess !== null) {
      items.push({ Put: putNew(this.secretsTableName, marshall({ ...secretsKey(supportCase.caseNumber), ...secrets })) });
    }
    if (idempotency) items.push(put(idempotencyItem(idempotency, supportCase.caseNumber, supportCase.createdAt)));

    try {
      await transactWithAggregate(this.client, this.tableName, { previous: null, next: supportCase }, (aggregate) => [...items, ...aggregate]);
      return { outcome: 'created', supportCase };
    } catch (error) {
      if (!idempotency) throw error;
      // Another request with the same key may have won the race: then answer with what it recorded.
      const lostRace =
        error instanceof TransactionCanceledException ||
        (error instanceof DomainError && error.details.cause === 'TransactionConflictException');
      if (!lostRace) throw error;
      const existing = await this.findIdempotency(idempotency.scope, idempotency.key);
      if (!existing) throw error instanceof DomainError ? error : new DomainError('store-unavailable', 'the case could not be recorded; retry');
      return { outcome: 'idempotency-key-taken', existing };
    }
  }

  async getCase(caseNumber: string): Promise<SupportCase | undefined> {
    const result = await storeCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(caseKey(caseNumber)), ConsistentRead: true })),
    );
    return result.Item ? parseCase(result.Item) : undefined;
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

  async ping(): Promise<void> {
    await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(COUNTER_KEY) })));
  }

  private async firstMonth(): Promise<string | undefined> {
    const result = await storeCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(COUNTER_KEY), ProjectionExpression: 'firstMonth' })),
    );
    return result.Item?.firstMonth?.S;
  }
}

