import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClient } from '../../local/dynamodb-local.js';
import { DynamoDbCaseIntake } from '../../shared/adapters/dynamodb/dynamodb-case-intake.js';
import { DynamoDbIdempotencyRecords } from '../../shared/adapters/dynamodb/idempotency-records.js';
import { DomainError } from '../../shared/domain/errors.js';
import { caseInput, customerOf } from '../support/builders.js';
import { slaWorld } from '../support/sla-world.js';

async function setUp(start = '2026-11-30T10:00:00Z') {
  const world = await slaWorld({ start });
  const { client, tableName } = world;
  return { client, tableName, store: world.deps.cases, openCase: world.deps.openCase };
}

describe('DynamoDbCaseIntake against DynamoDB Local', () => {
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

  it('reports an unreachable store as unavailable, not as a crash', async () => {
    const intake = new DynamoDbCaseIntake(localClient('http://127.0.0.1:9'), 'nowhere', 'nowhere-secrets');
    await expect(intake.allocateCaseNumber(Date.now())).rejects.toMatchObject({ code: 'store-unavailable' });
    await expect(new DynamoDbIdempotencyRecords(localClient('http://127.0.0.1:9'), 'nowhere').findIdempotency('user', 'key')).rejects.toMatchObject({ code: 'store-unavailable' });
  });
});
