import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClient } from '../../local/dynamodb-local.js';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/dynamodb-case-store.js';
import { DomainError, ValidationError } from '../../shared/domain/errors.js';
import { agent, caseInput, customerOf } from '../support/builders.js';
import { slaWorld } from '../support/sla-world.js';
import type { CasePosition, CaseQuery } from '../../shared/ports/case-store.js';

async function setUp(start = '2026-11-30T10:00:00Z') {
  const world = await slaWorld({ start });
  const { client, tableName } = world;
  const clock = { now: world.timeline.clock.now, advance: (ms: number) => (world.timeline.now += ms) };
  return { client, tableName, store: world.deps.store, clock, openCase: world.deps.openCase };
}

describe('DynamoDbCaseStore against DynamoDB Local', () => {
  describe('case numbers', () => {
    it('are unique, 8 digits and increasing when 50 cases are opened concurrently', async () => {
      const { openCase } = await setUp();
      const opened = await Promise.all(Array.from({ length: 50 }, (_, i) => openCase(customerOf('uni-a'), caseInput({ title: `case ${i}` }))));
      const numbers = opened.map((result) => result.supportCase.caseNumber);
      expect(new Set(numbers).size).toBe(50);
      expect(numbers.every((n) => /^\d{8}$/.test(n))).toBe(true);
      expect([...numbers].sort()).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1).padStart(8, '0')));
      const next = await openCase(customerOf('uni-a'), caseInput());
      expect(next.supportCase.caseNumber).toBe('00000051');
    });
  });

  describe('idempotent intake', () => {
    it('returns the same case for a retry with the same key and body, and stores one case', async () => {
      const { openCase, store } = await setUp();
      const first = await openCase(customerOf('uni-a'), caseInput(), 'key-1');
      const retry = await openCase(customerOf('uni-a'), caseInput(), 'key-1');
      expect(first.created).toBe(true);
      expect(retry.created).toBe(false);
      expect(retry.supportCase).toEqual(first.supportCase);
      const page = await store.listCases({ institution: 'uni-a', limit: 100, now: Date.now() });
      expect(page.items).toHaveLength(1);
    });

    it('opens exactly one case when the same request races itself', async () => {
      const { openCase, store } = await setUp();
      const results = await Promise.all(Array.from({ length: 8 }, () => openCase(customerOf('uni-a'), caseInput(), 'race-key')));
      expect(new Set(results.map((r) => r.supportCase.caseNumber)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const page = await store.listCases({ institution: 'uni-a', limit: 100, now: Date.now() });
      expect(page.items).toHaveLength(1);
    });

    it('refuses the same key with a different body and records nothing new', async () => {
      const { openCase, store } = await setUp();
      await openCase(customerOf('uni-a'), caseInput(), 'key-2');
      const reused = openCase(customerOf('uni-a'), caseInput({ title: 'something else' }), 'key-2');
      await expect(reused).rejects.toBeInstanceOf(DomainError);
      await expect(openCase(customerOf('uni-a'), caseInput({ title: 'something else' }), 'key-2')).rejects.toMatchObject({ code: 'idempotency-key-reused' });
      expect((await store.listCases({ institution: 'uni-a', limit: 100, now: Date.now() })).items).toHaveLength(1);
    });

    it('keeps keys of different users apart', async () => {
      const { openCase } = await setUp();
      const a = await openCase(customerOf('uni-a', 'user-1'), caseInput(), 'shared-key');
      const b = await openCase(customerOf('uni-a', 'user-2'), caseInput(), 'shared-key');
      expect(a.supportCase.caseNumber).not.toBe(b.supportCase.caseNumber);
    });
  });

  describe('secrets', () => {
    it('are stored in a table of their own, never in the case table', async () => {
      const { openCase, client, tableName } = await setUp();
      const { supportCase } = await openCase(
        customerOf('uni-b'),
        caseInput({ appCredentials: 'user:s3cret-pass', connectLayer: { type: 'local', remoteAccess: 'vpn-token-XYZ' } }),
      );
      const caseItem = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `CASE#${supportCase.caseNumber}` }, sk: { S: 'CASE' } } }));
      expect(JSON.stringify(caseItem.Item)).not.toContain('s3cret-pass');
      expect(JSON.stringify(caseItem.Item)).not.toContain('vpn-token-XYZ');
      expect(supportCase).toMatchObject({ appCredentialsProvided: true, remoteAccessProvided: true });
      const inCaseTable = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `CASE#${supportCase.caseNumber}` }, sk: { S: 'SECRETS' } } }));
      expect(inCaseTable.Item).toBeUndefined();
      const secrets = await client.send(new GetItemCommand({ TableName: `${tableName}-secrets`, Key: { pk: { S: `CASE#${supportCase.caseNumber}` }, sk: { S: 'SECRETS' } } }));
      expect(unmarshall(secrets.Item!)).toMatchObject({ appCredentials: 'user:s3cret-pass', remoteAccess: 'vpn-token-XYZ' });
    });

    it('records the opening on the case timeline, with its timers and its on-call alert, in the same transaction', async () => {
      const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
      const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput());
      const [event] = await world.items(supportCase.caseNumber, 'EVENT#2026-11-30T10:00:00.000Z#case-opened');
      expect(event).toMatchObject({ kind: 'case-opened', details: { responseLevel: 'II', firstResponseDueAt: '2026-11-30T12:00:00Z' } });
      const timers = await world.items(supportCase.caseNumber, 'TIMER#');
      expect(timers.map((t) => [t.kind, t.dueAt])).toEqual([
        ['breach', '2026-11-30T12:00:00.000Z'],
        ['escalation-1', '2026-11-30T13:00:00.000Z'],
        ['warning', '2026-11-30T11:30:00.000Z'],
      ]);
      const alerts = await world.items(supportCase.caseNumber, 'ALERT#');
      expect(alerts.map((a) => a.alertId)).toEqual(['case-opened#oncall']);
    });
  });

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
      expect(first.next).toEqual({ partition: 'MONTH#2026-10' });
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

  it('reports an unreachable store as unavailable, not as a crash', async () => {
    const store = new DynamoDbCaseStore(localClient('http://127.0.0.1:9'), 'nowhere', 'nowhere-secrets');
    await expect(store.ping()).rejects.toMatchObject({ code: 'store-unavailable' });
    await expect(store.getCase('00000001')).rejects.toMatchObject({ code: 'store-unavailable' });
  });
});

