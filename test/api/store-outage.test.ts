import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../local/dev-auth.js';
import { type RunningDynamoDb, startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { type LocalService, startLocalService } from '../../local/local-service.js';
import { caseInput } from '../support/builders.js';

/** DynamoDB Local of its own, stopped mid-test: the API must say 503 and keep its composure. */
let dynamo: RunningDynamoDb;
let service: LocalService;
let token: string;
const dataDir = mkdtempSync(join(tmpdir(), 'support-outage-'));

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  service = await startLocalService({ dynamoEndpoint: dynamo.endpoint, tableName: 'outage', dataDir, port: 0, log: () => undefined });
  token = await issueDevToken(dataDir, { role: 'customer', institution: 'uni-a' });
});

afterAll(async () => {
  await service.close();
  await dynamo.stop();
});

describe('when the store fails', () => {
  it('answers 503 with Retry-After, not a 500 at the function timeout, when DynamoDB stalls', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    dynamo.process.kill('SIGSTOP');
    try {
      const started = Date.now();
      const [health, open] = await Promise.all([
        fetch(`${service.url}/health`),
        fetch(`${service.url}/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'stalled-1' },
          body: JSON.stringify(caseInput({ impact: 'service-down' })),
        }),
      ]);
      for (const answer of [health, open]) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('1');
        expect(await answer.json()).toMatchObject({ code: 'store-unavailable' });
      }
      // Inside the local function timeout (10 s), so the client never sees the gateway's bare 500.
      expect(Date.now() - started).toBeLessThan(9_500);
    } finally {
      dynamo.process.kill('SIGCONT');
    }
    // The client retries with the same key once the store is back: one case, whatever the stalled write did.
    const retry = await fetch(`${service.url}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'stalled-1' },
      body: JSON.stringify(caseInput({ impact: 'service-down' })),
    });
    expect(retry.status).toBe(201);
  });

  it('answers 503 problem+json with Retry-After, never a 500 or a stack trace', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    await dynamo.stop();

    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('content-type')).toBe('application/problem+json');
    expect(health.headers.get('retry-after')).toBe('1');
    expect(await health.json()).toMatchObject({ code: 'store-unavailable', status: 503 });

    const open = await fetch(`${service.url}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'retry-me' },
      body: JSON.stringify(caseInput({ impact: 'service-down' })),
    });
    expect(open.status).toBe(503);
    const text = await open.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'store-unavailable' });
    expect(text).not.toMatch(/ECONNREFUSED|at .*\.(ts|js):\d+/);
  });
});
