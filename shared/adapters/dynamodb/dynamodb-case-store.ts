import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DomainError, invalidCursor } from '../../domain/errors.js';
import type { SupportCase } from '../../domain/support-case.js';
import type { CaseQuery, CasePage, CasePosition, CaseStore, CreateCaseResult, NewCase, StoredIdempotency } from '../../ports/case-store.js';
import { idempotencyItemSchema } from './case-item.js';
import { alertItem, mailItem, caseItem, caseKey, eventItem, idempotencyItem, idempotencyKey, monthsFromTo, parseCase, putNew, queryBetween, secretsKey, storeCall, timerItem, transactWrite } from './items.js';
import { reportAggregateUpdates } from './report-aggregate-items.js';
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

const isMonthPartition = (partition: string) => /^MONTH#\d{4}-(0[1-9]|1[0-2])$/.test(partition);

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

  async findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined> {
    const result = await storeCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(idempotencyKey(scope, key)), ConsistentRead: true })),
    );
    return result.Item ? idempotencyItemSchema.parse(unmarshall(result.Item)) : undefined;
  }

  async createCase({ supportCase, secrets, idempotency, event, timers, alerts, mails = [] }: NewCase): Promise<CreateCaseResult> {
    const put = (item: Record<string, AttributeValue>): TransactWriteItem => ({ Put: putNew(this.tableName, item) });
    const items: TransactWriteItem[] = [
      put(caseItem(supportCase)),
      put(eventItem(supportCase.caseNumber, event)),
      ...timers.map((timer) => put(timerItem(supportCase.caseNumber, timer))),
      ...alerts.map((alert) => put(alertItem(alert, supportCase.createdAt))),
      ...mails.map((mail) => put(mailItem(mail, supportCase.createdAt))),
    ];
    if (secrets.appCredentials !== null || secrets.remoteAccess !== null) {
      items.push({ Put: putNew(this.secretsTableName, marshall({ ...secretsKey(supportCase.caseNumber), ...secrets })) });
    }
    if (idempotency) items.push(put(idempotencyItem(idempotency, supportCase.caseNumber, supportCase.createdAt)));
    items.push(...reportAggregateUpdates(this.tableName, null, supportCase));

    try {
      await transactWrite(this.client, items);
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
    const index = query.institution !== undefined ? INDEXES.byInstitution : INDEXES.byMonth;
    const byMonth = index.name === INDEXES.byMonth.name;
    const keyNames = [KEY.partition, KEY.sort, index.partition, index.sort];

    // Month partitions are walked back, newest first, never past the month of the first case ever opened.
    const firstMonth = byMonth ? await this.firstMonth() : undefined;
    if (byMonth && firstMonth === undefined) return { items: [], next: null };
    const floor = `MONTH#${firstMonth}`;
    let { partition, startKey } = this.position(query, keyNames, index.partition, floor);
    const olderMonth = (current: string) => (byMonth && current > floor ? `MONTH#${previousMonth(current.slice('MONTH#'.length))}` : undefined);

    const filters: string[] = [];
    const names: Record<string, string> = { '#pk': index.partition };
    const values: Record<string, string> = {};
    if (query.status !== undefined) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = query.status;
    }
    if (query.responseLevel !== undefined) {
      filters.push('#level = :level');
      names['#level'] = 'responseLevel';
      values[':level'] = query.responseLevel;
    }
    if (query.assignee !== undefined) {
      names['#assignee'] = 'assignee';
      if (query.assignee === null) filters.push('(attribute_not_exists(#assignee) OR attribute_type(#assignee, :null))');
      else filters.push('#assignee = :assignee');
      values[query.assignee === null ? ':null' : ':assignee'] = query.assignee ?? 'NULL';
    }

    const items: SupportCase[] = [];
    const positionAt = (part: string, key?: Record<string, string>): CasePosition => (key ? { partition: part, key } : { partition: part });
    for (let queries = 0; ; queries++) {
      // Out of time: say where the walk got to; the client carries on from there.
      if (queries > 0 && query.deadline !== undefined && Date.now() >= query.deadline) return { items, next: positionAt(partition, startKey) };
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall({ ...values, ':pk': partition }),
        ScanIndexForward: false,
        Limit: Math.max(query.limit - items.length, 25),
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
      };
      const page = await this.queryFromPosition(input, queries === 0 && query.after !== undefined);
      const found = page.Items ?? [];
      for (const [i, raw] of found.entries()) {
        items.push(parseCase(raw));
        if (items.length < query.limit) continue;
        const more = i < found.length - 1 || page.LastEvaluatedKey !== undefined;
        if (more) return { items, next: positionAt(partition, Object.fromEntries(keyNames.map((name) => [name, raw[name]?.S ?? '']))) };
        const older = olderMonth(partition);
        return { items, next: older ? positionAt(older) : null };
      }
      if (page.LastEvaluatedKey) {
        startKey = unmarshall(page.LastEvaluatedKey) as Record<string, string>;
        continue;
      }
      const older = olderMonth(partition);
      if (!older) return { items, next: null };
      partition = older;
      startKey = undefined;
    }
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
   * only honoured inside what the caller may read and between the first month with cases and this month, so no
   * position can widen a query or send the walk outside the months that hold data.
   */
  private position(query: CaseQuery, keyNames: string[], partitionAttribute: string, floor: string): { partition: string; startKey: Record<string, string> | undefined } {
    const newest = `MONTH#${monthOf(query.now)}`;
    if (query.after === undefined) {
      return { partition: query.institution !== undefined ? `INST#${query.institution}` : newest, startKey: undefined };
    }
    const { partition, key } = query.after;
    const validPartition =
      query.institution !== undefined ? partition === `INST#${query.institution}` : isMonthPartition(partition) && partition >= floor && partition <= newest;
    const validKey =
      key === undefined ||
      (Object.keys(key).length === keyNames.length && keyNames.every((name) => typeof key[name] === 'string' && key[name] !== '') && key[partitionAttribute] === partition);
    if (!validPartition || !validKey) badCursor();
    return { partition, startKey: key === undefined ? undefined : { ...key } };
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

