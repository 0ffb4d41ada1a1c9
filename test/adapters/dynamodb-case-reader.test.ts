import { DeleteItemCommand, GetItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClient } from '../../local/dynamodb-local.js';
import { DynamoDbCaseReader } from '../../shared/adapters/dynamodb/dynamodb-case-reader.js';
import { ValidationError } from '../../shared/domain/errors.js';
import { agent, caseInput, customerOf } from '../support/builders.js';
import { slaWorld } from '../support/sla-world.js';
import type { CasePosition, CaseQuery } from '../../shared/ports/case-reader.js';
import type { SupportCase } from '../../shared/domain/support-case.js';
import { LISTED, listEntryItems } from '../../shared/adapters/dynamodb/items.js';

async function setUp(start = '2026-11-30T10:00:00Z') {
  const world = await slaWorld({ start });
  const { client, tableName } = world;
  const clock = { now: world.timeline.clock.now, advance: (ms: number) => (world.timeline.now += ms) };
  return { client, tableName, store: world.deps.cases, clock, openCase: world.deps.openCase, world };
}

describe('DynamoDbCaseReader against DynamoDB Local', () => {
  describe('listing', () => {
    it('pages newest first through one institution with an opaque cursor', async () => {
      const { openCase, store, clock } = await setUp();
      for (let i = 0; i < 25; i++) {
        await openCase(customerOf(i % 5 === 0 ? 'uni-b' : 'uni-a'), caseInput({ title: `case ${i}` }));
        clock.advance(60_000);
      }
      const seen: string[] = [];
      let after: CasePosition | undefined;
      const sizes: number[] = [];
      do {
        const page = await store.listCases({ institution: 'uni-a', limit: 7, after, now: clock.now() });
        sizes.push(page.items.length);
        seen.push(...page.items.map((c) => c.caseNumber));
        expect(page.items.every((c) => c.institution === 'uni-a')).toBe(true);
        after = page.next ?? undefined;
      } while (after);
      expect(sizes).toEqual([7, 7, 6]);
      expect(seen).toHaveLength(20);
      expect(seen).toEqual([...seen].sort().reverse());
    });

    it('pages staff listings across months, newest first, with filters', async () => {
      const { openCase, store, clock } = await setUp('2026-09-15T10:00:00Z');
      const levels: string[] = [];
      for (let i = 0; i < 12; i++) {
        const { supportCase } = await openCase(agent, caseInput({ institution: i % 2 === 0 ? 'uni-a' : 'uni-c', impact: i % 3 === 0 ? 'service-down' : 'degraded' }));
        levels.push(supportCase.responseLevel);
        clock.advance(9 * 86_400_000); // spreads the cases over September to December
      }
      const all: string[] = [];
      let after: CasePosition | undefined;
      do {
        const page = await store.listCases({ limit: 5, after, now: clock.now() });
        all.push(...page.items.map((c) => c.caseNumber));
        after = page.next ?? undefined;
      } while (after);
      expect(all).toEqual(Array.from({ length: 12 }, (_, i) => String(12 - i).padStart(8, '0')));

      const levelI = await store.listCases({ responseLevel: 'I', limit: 100, now: clock.now() });
      expect(levelI.items.map((c) => c.caseNumber)).toEqual(['00000010', '00000007', '00000004', '00000001']);
      const newOnes = await store.listCases({ status: 'resolved', limit: 100, now: clock.now() });
      expect(newOnes.items).toHaveLength(0);
    });

    it('refuses a position outside what the query may read', async () => {
      const { openCase, store, clock } = await setUp('2026-09-15T10:00:00Z');
      for (let i = 0; i < 3; i++) await openCase(customerOf('uni-b'), caseInput());
      const page = await store.listCases({ institution: 'uni-b', limit: 1, now: clock.now() });
      expect(page.next).not.toBeNull();
      const refused = (query: Partial<CaseQuery>) => expect(store.listCases({ limit: 1, now: clock.now(), ...query })).rejects.toBeInstanceOf(ValidationError);
      // Another institution's partition, a key from another partition, empty key values: refused, never queried.
      await refused({ institution: 'uni-a', after: page.next! });
      await refused({ institution: 'uni-a', after: { partition: 'INST#uni-a', key: { pk: 'x', sk: 'y', gsi1pk: 'INST#uni-b', gsi1sk: 'z' } } });
      await refused({ institution: 'uni-b', after: { partition: 'INST#uni-b', key: { pk: '', sk: '', gsi1pk: 'INST#uni-b', gsi1sk: '' } } });
      // Months outside [first month with cases, this month] are not walked.
      await refused({ after: { partition: 'MONTH#9999-99' } });
      await refused({ after: { partition: 'MONTH#2027-01' } });
      await refused({ after: { partition: 'MONTH#2026-08' } });
      expect((await store.listCases({ limit: 1, now: clock.now(), after: { partition: 'MONTH#2026-09' } })).items).toHaveLength(1);
    });

    it('stops at the deadline and says where it got to', async () => {
      const { openCase, store, clock } = await setUp('2026-01-15T10:00:00Z');
      const { supportCase: oldest } = await openCase(agent, caseInput({ institution: 'uni-a', impact: 'degraded' }));
      expect(oldest.responseLevel).toBe('III');
      clock.advance(300 * 86_400_000); // ten empty months lie between the newest month and the first case
      await openCase(agent, caseInput({ institution: 'uni-a', impact: 'service-down' }));
      const first = await store.listCases({ responseLevel: 'III', limit: 5, now: clock.now(), deadline: 0 });
      // Out of time after one query: nothing found yet, and the walk resumes one month back.
      expect(first.items).toHaveLength(0);
      expect(first.next).toEqual({ partition: 'LEVEL#2026-10#III' });
      let after = first.next ?? undefined;
      const found: string[] = [];
      let pages = 1;
      while (after) {
        const page = await store.listCases({ responseLevel: 'III', limit: 5, now: clock.now(), after });
        found.push(...page.items.map((c) => c.caseNumber));
        after = page.next ?? undefined;
        pages++;
      }
      expect(found).toEqual(['00000001']);
      expect(pages).toBe(2);
    });

    it('lists nothing in an empty table', async () => {
      const { store } = await setUp();
      expect(await store.listCases({ limit: 10, now: Date.now() })).toEqual({ items: [], next: null });
    });
  });

  describe('timeline', () => {
    it('reads a case\'s events oldest first, a page at a time; customers\' pages hold the public ones only, however many internal ones lie between', async () => {
      const { openCase, store, clock, world } = await setUp();
      const { supportCase } = await openCase(customerOf('uni-a'), caseInput());
      const n = supportCase.caseNumber;
      for (let i = 0; i < 3; i++) {
        clock.advance(60_000);
        await world.deps.addComment(agent, n, { body: `public ${i}`, visibility: 'public' });
        // A run longer than one read (100 events) of internal notes between two public comments.
        for (let j = 0; j < (i === 1 ? 120 : 2); j++) {
          clock.advance(1_000);
          await world.deps.addComment(agent, n, { body: `internal ${i}.${j}`, visibility: 'internal' });
        }
      }
      const pages = async (publicOnly: boolean, limit: number) => {
        const sizes: number[] = [];
        const events: { kind: string; body: unknown; visibility: string }[] = [];
        let after: string | undefined;
        do {
          const page = await store.listEvents(n, { publicOnly, limit, after });
          sizes.push(page.items.length);
          events.push(...page.items.map((e) => ({ kind: e.kind, body: e.details.body, visibility: e.visibility })));
          after = page.next;
        } while (after);
        return { sizes, events };
      };
      const customer = await pages(true, 2);
      // The first staff comment is the first response: the case moves on, publicly.
      expect(customer.events.map((e) => e.body ?? e.kind)).toEqual(['case-opened', 'public 0', 'status-changed', 'public 1', 'public 2']);
      expect(customer.sizes).toEqual([2, 2, 1]);
      const staff = await pages(false, 50);
      expect(staff.events.filter((e) => e.visibility === 'public')).toEqual(customer.events);
      const notes = staff.events.filter((e) => typeof e.body === 'string' && e.body.startsWith('internal'));
      expect(notes.map((e) => e.body)).toEqual([0, 1, 2].flatMap((i) => Array.from({ length: i === 1 ? 120 : 2 }, (_, j) => `internal ${i}.${j}`)));
      expect(staff.sizes.slice(0, -1).every((size) => size === 50)).toBe(true);
      expect(staff.sizes.reduce((a, b) => a + b)).toBe(staff.events.length);
      expect(await store.listEvents('99999999', { publicOnly: false, limit: 10 })).toEqual({ items: [] });
    }, 60_000);
  });

  it('reports an unreachable store as unavailable, not as a crash', async () => {
    const cases = new DynamoDbCaseReader(localClient('http://127.0.0.1:9'), 'nowhere');
    await expect(cases.ping()).rejects.toMatchObject({ code: 'store-unavailable' });
    await expect(cases.getCase('00000001')).rejects.toMatchObject({ code: 'store-unavailable' });
    await expect(cases.listEvents('00000001', { publicOnly: false, limit: 10 })).rejects.toMatchObject({ code: 'store-unavailable' });
  });
});

describe('filtered staff listings, from the list entries of the lists index', () => {
  const SAM = 'Sam #2 Support'; // free text, '#' included: names come last in a partition key
  const ALEX = 'Alex Agent';

  /** 16 cases over September to December: two institutions, levels I, III and IV, every status, two assignees or none. */
  async function seeded() {
    const world = await slaWorld({ start: '2026-09-03T10:00:00Z' });
    // What the store reads from indexes (items DynamoDB looked at) and from the table by BatchGetItem.
    const reads = { index: 0, batch: 0 };
    world.client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const output = out.output as { ScannedCount?: number; Responses?: Record<string, unknown[]> };
        if (context.commandName === 'QueryCommand' && (args.input as { IndexName?: string }).IndexName) reads.index += output.ScannedCount ?? 0;
        if (context.commandName === 'BatchGetItemCommand') reads.batch += Object.values(output.Responses ?? {}).flat().length;
        return out;
      },
      { step: 'initialize', name: 'countReads' },
    );
    const plan = [
      { status: 'new', assignee: null },
      { status: 'in-progress', assignee: SAM },
      { status: 'closed', assignee: ALEX },
      { status: 'awaiting-customer', assignee: SAM },
      { status: 'closed', assignee: null },
      { status: 'resolved', assignee: ALEX },
      { status: 'in-progress', assignee: ALEX },
      { status: 'new', assignee: null },
    ] as const;
    for (let i = 0; i < 16; i++) {
      const impact = (['service-down', 'degraded', 'question'] as const)[i % 3];
      const { supportCase } = await world.deps.openCase(agent, caseInput({ institution: i % 2 === 0 ? 'uni-a' : 'uni-c', impact }));
      const { status, assignee } = plan[i % plan.length]!;
      if (status !== 'new' || assignee !== null) await change(world, supportCase.caseNumber, { status, assignee });
      world.timeline.now += 6 * 86_400_000;
    }
    const cases: SupportCase[] = [];
    for (let n = 16; n >= 1; n--) cases.push((await world.deps.cases.getCase(String(n).padStart(8, '0')))!);
    return { world, store: world.deps.cases, cases, reads, now: world.timeline.now };
  }

  async function change(world: Awaited<ReturnType<typeof slaWorld>>, caseNumber: string, patch: Partial<SupportCase>, idempotencyKey?: string) {
    const { supportCase } = (await world.deps.updates.loadCase(caseNumber))!;
    const next = { ...supportCase, ...patch, version: supportCase.version + 1, updatedAt: new Date(world.timeline.now).toISOString() };
    const idempotency = idempotencyKey ? { record: { scope: 'agent-1', key: idempotencyKey, fingerprint: 'f' } } : undefined;
    return world.deps.updates.applyCaseChange({ previous: supportCase, next, cancel: [], create: [], events: [], alerts: [], idempotency });
  }

  const matching = (cases: SupportCase[], q: Partial<CaseQuery>) =>
    cases
      .filter(
        (c) =>
          (q.institution === undefined || c.institution === q.institution) &&
          (q.status === undefined || c.status === q.status) &&
          (q.responseLevel === undefined || c.responseLevel === q.responseLevel) &&
          (q.assignee === undefined || c.assignee === q.assignee),
      )
      .map((c) => c.caseNumber);

  async function everyPage(store: Awaited<ReturnType<typeof seeded>>['store'], query: Omit<CaseQuery, 'limit' | 'now'>, now: number, limit: number) {
    const seen: string[] = [];
    let after: CasePosition | undefined;
    let pages = 0;
    do {
      const page = await store.listCases({ ...query, limit, after, now });
      seen.push(...page.items.map((c) => c.caseNumber));
      after = page.next ?? undefined;
      pages++;
    } while (after && pages < 50);
    return seen;
  }

  it('answers every filter and every combination exactly, newest first, paging with cursors across months', async () => {
    const { store, cases, now } = await seeded();
    const institutions = [undefined, 'uni-a', 'uni-c'];
    const statuses = [undefined, 'new', 'in-progress', 'awaiting-customer', 'closed', 'resolved'] as const;
    const levels = [undefined, 'I', 'III', 'IV'] as const;
    const assignees = [undefined, SAM, ALEX, null];
    let checked = 0;
    let nonEmpty = 0;
    for (const institution of institutions)
      for (const status of statuses)
        for (const responseLevel of levels)
          for (const assignee of assignees) {
            const query = { institution, status, responseLevel, assignee };
            const expected = matching(cases, query);
            expect(await everyPage(store, query, now, 2), JSON.stringify(query)).toEqual(expected);
            checked++;
            if (expected.length > 1) nonEmpty++;
          }
    expect(checked).toBe(288);
    expect(nonEmpty).toBeGreaterThan(40);
  }, 300_000);

  it('reads the entries of the narrowest list a query names, never every case', async () => {
    const { store, cases, reads, now } = await seeded();
    const count = (q: Partial<CaseQuery>) => matching(cases, q).length;
    // Query → what it reads (items of the index), besides the cases it answers with (BatchGetItem, consistent).
    // `caseItems`: the index holds the case items themselves (by-institution), so nothing more is read.
    const plans: [Omit<CaseQuery, 'limit' | 'now'>, number, 'entries' | 'caseItems'][] = [
      [{ status: 'awaiting-customer' }, count({ status: 'awaiting-customer' }), 'entries'],
      [{ responseLevel: 'IV' }, count({ responseLevel: 'IV' }), 'entries'],
      [{ assignee: null }, count({ assignee: null }), 'entries'],
      [{ status: 'new', responseLevel: 'I', institution: 'uni-a' }, count({ status: 'new' }), 'entries'],
      [{ assignee: SAM, responseLevel: 'I' }, count({ assignee: SAM }), 'entries'],
      [{ status: 'closed', institution: 'uni-a' }, count({ institution: 'uni-a' }), 'caseItems'],
      [{ status: 'closed', assignee: null }, count({ assignee: null }), 'entries'],
      [{ status: 'resolved', responseLevel: 'III' }, count({ status: 'resolved' }), 'entries'],
    ];
    for (const [query, entries, source] of plans) {
      reads.index = 0;
      reads.batch = 0;
      const page = await store.listCases({ ...query, limit: 100, now });
      expect(page.items.map((c) => c.caseNumber), JSON.stringify(query)).toEqual(matching(cases, query));
      expect(reads.index, JSON.stringify(query)).toBe(entries);
      expect(reads.index, JSON.stringify(query)).toBeLessThan(cases.length);
      expect(reads.batch, JSON.stringify(query)).toBe(source === 'entries' ? page.items.length : 0);
    }
  }, 120_000);

  it('moves a case between lists in the transaction that changes it, and not at all when that transaction fails', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(agent, caseInput({ institution: 'uni-a', impact: 'degraded' }));
    const n = supportCase.caseNumber;
    const list = async (partition: string) => {
      const result = await world.client.send(
        new QueryCommand({ TableName: world.tableName, IndexName: 'lists', KeyConditionExpression: 'gsi4pk = :p', ExpressionAttributeValues: { ':p': { S: partition } } }),
      );
      return (result.Items ?? []).map((item) => item.caseNumber?.S);
    };
    const entries = async () => Object.fromEntries((await world.items(n, 'VIEW#')).map((e) => [e.sk, e.gsi4pk]));
    expect(await entries()).toEqual({ 'VIEW#status': 'STATUS#2026-11#new', 'VIEW#level': 'LEVEL#2026-11#III', 'VIEW#assignee': 'UNASSIGNED#2026-11' });

    expect(await change(world, n, { status: 'in-progress', assignee: SAM }, 'key-1')).toBe('applied');
    expect(await entries()).toEqual({ 'VIEW#status': 'STATUS#2026-11#in-progress', 'VIEW#level': 'LEVEL#2026-11#III', 'VIEW#assignee': `ASSIGNEE#2026-11#${SAM}` });
    expect(await list('STATUS#2026-11#new')).toEqual([]);
    expect(await list('STATUS#2026-11#in-progress')).toEqual([n]);
    expect(await list('UNASSIGNED#2026-11')).toEqual([]);
    // The level list's entry stays in place but holds the new status, so `level=III&status=in-progress` narrows right.
    expect((await world.items(n, 'VIEW#level'))[0]).toMatchObject({ status: 'in-progress', assignee: SAM, responseLevel: 'III', institution: 'uni-a' });

    // The same transaction fails (its idempotency key is taken): the case and its entries stay as they were.
    expect(await change(world, n, { status: 'closed' }, 'key-1')).toBe('stale');
    expect((await world.deps.cases.getCase(n))!.status).toBe('in-progress');
    expect((await entries())['VIEW#status']).toBe('STATUS#2026-11#in-progress');
    expect(await list('STATUS#2026-11#closed')).toEqual([]);

    // A change that touches nothing listed writes no entries.
    const before = await world.items(n, 'VIEW#');
    expect(await change(world, n, { title: 'renamed' })).toBe('applied');
    expect(await world.items(n, 'VIEW#')).toEqual(before);
  });

  it('refuses a position from another list, or outside the months with cases', async () => {
    const { store, now } = await seeded();
    const page = await store.listCases({ status: 'new', limit: 1, now });
    expect(page.next).toEqual({ partition: 'STATUS#2026-11#new' });
    const refused = (query: Partial<CaseQuery>) => expect(store.listCases({ limit: 1, now, ...query })).rejects.toBeInstanceOf(ValidationError);
    await refused({ status: 'closed', after: page.next! });
    await refused({ responseLevel: 'I', after: { partition: 'LEVEL#2026-10#III' } });
    await refused({ status: 'new', after: { partition: 'STATUS#2026-08#new' } });
    await refused({ status: 'new', after: { partition: 'STATUS#2027-01#new' } });
    await refused({ assignee: SAM, after: { partition: `ASSIGNEE#2026-10#${ALEX}` } });
    await refused({ assignee: null, after: { partition: `ASSIGNEE#2026-10#${SAM}` } });
    await refused({ status: 'new', after: { partition: 'STATUS#2026-11#new', key: { pk: 'x', sk: 'y', gsi4pk: 'STATUS#2026-10#new', gsi4sk: 'z' } } });
    expect((await store.listCases({ status: 'new', limit: 1, now, after: page.next! })).items).toHaveLength(1);
    expect((await store.listCases({ assignee: null, limit: 1, now, after: { partition: 'UNASSIGNED#2026-10' } })).items).toHaveLength(1);
  }, 120_000);

  it('gets the entries of cases written before them from the backfill, once however often it runs', async () => {
    const { world, store, cases, now } = await seeded();
    // As the table was before list entries: no entries, no marks (one case not in the report aggregates either).
    for (const c of cases) {
      for (const entry of await world.items(c.caseNumber, 'VIEW#')) {
        await world.client.send(new DeleteItemCommand({ TableName: world.tableName, Key: { pk: { S: `CASE#${c.caseNumber}` }, sk: { S: String(entry.sk) } } }));
      }
      await world.client.send(
        new UpdateItemCommand({
          TableName: world.tableName,
          Key: { pk: { S: `CASE#${c.caseNumber}` }, sk: { S: 'CASE' } },
          UpdateExpression: c.caseNumber === '00000001' ? 'REMOVE #l, reportAggregated' : 'REMOVE #l',
          ExpressionAttributeNames: { '#l': LISTED },
        }),
      );
    }
    expect((await store.listCases({ status: 'closed', limit: 100, now })).items).toEqual([]);

    // A change lists its case by itself; the backfill lists the others, then finds nothing more to do.
    expect(await change(world, '00000016', { title: 'changed before the backfill' })).toBe('applied');
    expect(await world.deps.backfillReportAggregates()).toEqual({ counted: 15, skipped: 0 });
    expect(await world.deps.backfillReportAggregates()).toEqual({ counted: 0, skipped: 0 });
    for (const c of cases) {
      const stored = (await world.deps.cases.getCase(c.caseNumber))!;
      const entries = await world.items(c.caseNumber, 'VIEW#');
      expect(entries).toEqual([...listEntryItems(stored)].sort((a, b) => a.sk!.S!.localeCompare(b.sk!.S!)).map((item) => expect.objectContaining({ gsi4pk: item.gsi4pk!.S, gsi4sk: item.gsi4sk!.S, status: stored.status })));
      const marks = await world.client.send(new GetItemCommand({ TableName: world.tableName, Key: { pk: { S: `CASE#${c.caseNumber}` }, sk: { S: 'CASE' } }, ConsistentRead: true }));
      expect(marks.Item?.[LISTED]).toEqual({ BOOL: true });
      expect(marks.Item?.reportAggregated).toEqual({ N: '2' });
    }
    expect((await store.listCases({ status: 'closed', limit: 100, now })).items.map((c) => c.caseNumber)).toEqual(matching(cases, { status: 'closed' }));
  }, 120_000);
});
