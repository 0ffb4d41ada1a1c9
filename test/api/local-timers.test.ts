import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../local/dev-auth.js';
import { TRIGGERS } from '../../local/handlers.js';
import { type LocalService, startLocalService } from '../../local/local-service.js';
import { lambdaContext } from '../../local/runtime.js';
import { caseInput } from '../support/builders.js';
import { freshTable } from '../support/tables.js';

/** `npm start`'s timers and alerts: recorded in DynamoDB, re-armed after a restart, alerts in a JSON-lines file. */
let service: LocalService;
let endpoint: string;
let tableName: string;
const dataDir = mkdtempSync(join(tmpdir(), 'support-local-timers-'));
const logs: string[] = [];

beforeAll(async () => {
  ({ endpoint, tableName } = await freshTable('local-timers'));
  service = await startLocalService({ dynamoEndpoint: endpoint, tableName, dataDir, port: 0, log: (line) => logs.push(line) });
});

afterAll(async () => {
  await service.close();
});

describe('local timers and alerts', () => {
  it('pages on-call for a level I case into the alerts file, and re-arms its timers after a restart', async () => {
    const token = await issueDevToken(dataDir, { role: 'customer', institution: 'uni-a' });
    const opened = await fetch(`${service.url}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(caseInput({ title: 'Everything is down', impact: 'service-down' })),
    });
    expect(opened.status).toBe(201);
    const { caseNumber, slaState } = (await opened.json()) as { caseNumber: string; slaState: string };
    expect(slaState).toBe('running');

    const alertsFile = join(dataDir, 'alerts.jsonl');
    expect(existsSync(alertsFile)).toBe(true);
    const lines = () => readFileSync(alertsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { caseNumber?: string; topic?: string; subject?: string; kind?: string; channel?: string; text?: string });
    // The page's first step runs just after the answer, in the paging function: an SMS and a mail to the person on call.
    for (let waited = 0; waited < 5_000 && lines().filter((line) => line.kind === 'page').length < 2; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines().filter((line) => line.topic !== undefined)).toEqual([expect.objectContaining({ caseNumber, topic: 'oncall', subject: `${caseNumber} Level I case opened: Everything is down` })]);
    const pages = lines().filter((line) => line.kind === 'page');
    expect(pages.map((page) => page.channel).sort()).toEqual(['email', 'sms']);
    expect(pages.find((page) => page.channel === 'sms')!.text).toContain(`${service.url}/pages/${caseNumber}-1/acknowledge?token=`);

    await service.close();
    service = await startLocalService({ dynamoEndpoint: endpoint, tableName, dataDir, port: 0, log: (line) => logs.push(line) });
    // The three SLA timers and the four paging steps still to come.
    expect(service.rearmed).toBe(7);
  });

  it('runs the sweeper handler, which answers with what it recovered', async () => {
    const result = await TRIGGERS.sweeper({}, lambdaContext('sweeper', 'r1'));
    expect(result).toEqual({ timersDue: 0, timersFired: 0, alertsSent: 0, alertsFailed: 0, mailsSent: 0, mailsFailed: 0, secretsPurged: 0 });
  });

  it('runs the follow-up handler: a batch that is no stream batch is refused (Lambda retries it, then dead-letters it); an unreadable item is skipped, not retried', async () => {
    await expect(TRIGGERS['follow-up']({ Records: [{ eventName: 'INSERT' }] }, lambdaContext('follow-up', 'r4'))).rejects.toThrow();
    const unreadable = { eventName: 'INSERT', dynamodb: { SequenceNumber: '100', NewImage: { type: { S: 'timer' }, caseNumber: { S: '00000001' }, kind: { S: 'boom' } } } };
    const listEntry = { eventName: 'INSERT', dynamodb: { SequenceNumber: '101', NewImage: { type: { S: 'list-entry' } } } };
    expect(await TRIGGERS['follow-up']({ Records: [unreadable, listEntry] }, lambdaContext('follow-up', 'r5'))).toEqual({ batchItemFailures: [] });
  });

  it('drops a malformed timer payload instead of retrying it forever', async () => {
    expect(await TRIGGERS['sla-timer']({ caseNumber: 'x', timer: 'boom' }, lambdaContext('sla-timer', 'r2'))).toEqual({ outcome: 'rejected' });
    expect(await TRIGGERS['sla-timer']({ caseNumber: '99999999', timer: 'breach', revision: 1, dueAt: '2026-01-01T00:00:00Z' }, lambdaContext('sla-timer', 'r3'))).toEqual({ outcome: 'unknown-case' });
  });
});
