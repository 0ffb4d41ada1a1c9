/**
 * `npm run bench:list`: what a staff listing filtered on a rare status reads. CASES (default 20,000) cases opened in
 * one month, one in RARE_EVERY (default 2,000) awaiting the customer, the rest spread over the other statuses, are
 * written to a table of DynamoDB Local as the transactions leave them (case item and its three list entries). It
 * prints the items the old walk read (the month partition of `by-month` with a filter expression: every case of the
 * month) and what the listing reads now (the entries of `STATUS#<month>#awaiting-customer`, then those cases by
 * BatchGetItem), for the first page of 25.
 */
import { BatchWriteItemCommand, type DynamoDBClient, QueryCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ensureTable, localClient, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { DynamoDbCaseReader } from '../shared/adapters/dynamodb/dynamodb-case-reader.js';
import { caseItem, listEntryItems } from '../shared/adapters/dynamodb/items.js';
import { INDEXES } from '../shared/adapters/dynamodb/table-layout.js';
import { CASE_STATUSES, type SupportCase } from '../shared/domain/support-case.js';

const CASES = Number(process.env.CASES ?? 20_000);
const RARE_EVERY = Number(process.env.RARE_EVERY ?? 2_000);
const RARE = 'awaiting-customer';
const MONTH_START = Date.parse('2026-11-01T00:00:00Z');
const NOW = Date.parse('2026-11-30T12:00:00Z');
const COMMON = CASE_STATUSES.filter((status) => status !== RARE);

function syntheticCase(n: number): SupportCase {
  const createdAt = new Date(MONTH_START + Math.floor((n * (NOW - MONTH_START)) / CASES)).toISOString();
  return {
    caseNumber: String(n + 1).padStart(8, '0'),
    institution: ['uni-a', 'uni-b', 'uni-c'][n % 3]!,
    title: `bench case ${n}`,
    description: 'seeded for bench:list',
    requestType: 'defect',
    environment: 'production',
    impact: 'degraded',
    productArea: 'bench',
    scenario: null,
    connectLayer: 'hosted',
    contact: { name: 'Bench', email: 'bench@example.com', phone: null },
    responseLevel: (['I', 'II', 'III', 'IV'] as const)[n % 4]!,
    status: n % RARE_EVERY === RARE_EVERY - 1 ? RARE : COMMON[n % COMMON.length]!,
    resolvedAt: null,
    assignee: n % 5 === 0 ? null : `Agent ${n % 7}`,
    coverage: { covered: true, route: 'support' },
    sla: null,
    slaState: 'none',
    escalationStep: 0,
    lastEscalationAlertAt: null,
    secretsPurgeDueAt: null,
    firstResponse: null,
    appCredentialsProvided: false,
    remoteAccessProvided: false,
    missingInformation: [],
    openedBy: { sub: 'bench', role: 'agent', name: 'Bench' },
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

async function seed(client: DynamoDBClient, tableName: string): Promise<void> {
  const requests: WriteRequest[] = [];
  const flush = async (all: boolean) => {
    while (requests.length >= 25 || (all && requests.length > 0)) {
      let batch: WriteRequest[] = requests.splice(0, 25);
      while (batch.length > 0) batch = (await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: batch } }))).UnprocessedItems?.[tableName] ?? [];
    }
  };
  for (let n = 0; n < CASES; n++) {
    const c = syntheticCase(n);
    for (const item of [caseItem(c), ...listEntryItems(c)]) requests.push({ PutRequest: { Item: item } });
    if (requests.length >= 500) await flush(false);
  }
  await flush(true);
}

const dynamo = await startDynamoDbLocal();
const client = localClient(dynamo.endpoint);
try {
  const tableName = `list-bench-${Date.now()}`;
  await ensureTable(client, tableName);
  console.log(`seeding ${CASES} cases (1 in ${RARE_EVERY} ${RARE}) with their list entries…`);
  await seed(client, tableName);
  // The counter item the listing reads its first month from.
  await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: { pk: { S: 'COUNTER' }, sk: { S: 'CASE_NUMBER' }, firstMonth: { S: '2026-11' }, last: { N: String(CASES) } } } }] } }));

  // Before: the month partition of by-month, filtered on the status.
  let oldRead = 0;
  let oldFound = 0;
  let startKey: QueryCommand['input']['ExclusiveStartKey'];
  const oldStart = performance.now();
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEXES.byMonth.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#status = :status',
        ExpressionAttributeNames: { '#pk': INDEXES.byMonth.partition, '#status': 'status' },
        ExpressionAttributeValues: { ':pk': { S: 'MONTH#2026-11' }, ':status': { S: RARE } },
        ScanIndexForward: false,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    oldRead += page.ScannedCount ?? 0;
    oldFound += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey && oldFound < 25);
  const oldMs = performance.now() - oldStart;

  // Now: the store's listing, its reads counted as DynamoDB reports them.
  const reads = { index: 0, cases: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const output = out.output as { ScannedCount?: number; Responses?: Record<string, unknown[]> };
      if (context.commandName === 'QueryCommand') reads.index += output.ScannedCount ?? 0;
      if (context.commandName === 'BatchGetItemCommand') reads.cases += Object.values(output.Responses ?? {}).flat().length;
      return out;
    },
    { step: 'initialize', name: 'countReads' },
  );
  const store = new DynamoDbCaseReader(client, tableName);
  const newStart = performance.now();
  const page = await store.listCases({ status: RARE, limit: 25, now: NOW });
  const newMs = performance.now() - newStart;
  if (page.items.length !== oldFound || page.items.some((c) => c.status !== RARE)) throw new Error(`the listing found ${page.items.length} cases, the old walk ${oldFound}`);
  console.log(`  before: by-month filtered, ${oldRead} items read for ${oldFound} cases, ${oldMs.toFixed(0)} ms`);
  console.log(`  now: ${reads.index} list entries + ${reads.cases} cases read for ${page.items.length} cases, ${newMs.toFixed(0)} ms`);
  console.log(`list-bench: cases=${CASES} rare=${page.items.length} old_items_read=${oldRead} new_items_read=${reads.index + reads.cases} old_ms=${oldMs.toFixed(0)} new_ms=${newMs.toFixed(0)}`);
} finally {
  client.destroy();
  await dynamo.stop();
}
