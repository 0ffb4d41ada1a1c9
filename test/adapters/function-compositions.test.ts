import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachments } from '../../shared/composition/attachments.js';
import { casesRead } from '../../shared/composition/cases-read.js';
import { health } from '../../shared/composition/health.js';
import { mailFeedbackRecording } from '../../shared/composition/mail-feedback.js';
import { reports } from '../../shared/composition/reports.js';
import { slaTimer, sweeper } from '../../shared/composition/sla-triggers.js';
import { agent, customerOf, manager } from '../support/builders.js';
import { freshTable } from '../support/tables.js';

/**
 * Each Lambda function's own composition, built from the configuration as in AWS (nothing provided by a local
 * runtime), against DynamoDB Local: it hands out exactly its function's use cases, and those answer. Scheduler,
 * SNS and S3 are configured but never reached here (they are built on first use).
 */
beforeAll(async () => {
  const { endpoint, tableName } = await freshTable('composition');
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'eu-west-2',
    METRICS: 'none',
    CURSOR_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'composition-')), 'cursor-key'),
    SCHEDULE_GROUP: 'group',
    TIMER_FUNCTION_ARN: 'arn:aws:lambda:eu-west-2:111122223333:function:timer',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/scheduler',
    TIMER_DLQ_ARN: 'arn:aws:sqs:eu-west-2:111122223333:timer-dlq',
    ONCALL_TOPIC_ARN: 'arn:aws:sns:eu-west-2:111122223333:oncall',
    SUPPORT_TOPIC_ARN: 'arn:aws:sns:eu-west-2:111122223333:support',
    MANAGEMENT_TOPIC_ARN: 'arn:aws:sns:eu-west-2:111122223333:management',
    ATTACHMENTS_BUCKET: 'files',
  });
});

describe('a composition per function', () => {
  it('hands out only what its function uses', () => {
    const names = (dependencies: object) => Object.keys(dependencies).sort();
    expect(names(casesRead())).toEqual(['getCase', 'getTimeline', 'listCases']);
    expect(names(attachments())).toEqual(['addAttachment', 'downloadAttachment', 'listAttachments']);
    expect(names(reports())).toEqual(['reportZone', 'slaReport']);
    expect(names(health())).toEqual(['checkHealth']);
    expect(names(slaTimer())).toEqual(['fireTimer']);
    expect(names(sweeper())).toEqual(['sweep']);
    expect(names(mailFeedbackRecording())).toEqual(['recordMailFeedback']);
  });

  it('builds each once', () => {
    expect(casesRead()).toBe(casesRead());
    expect(sweeper()).toBe(sweeper());
  });

  it('answers from the store, as the functions do in AWS', async () => {
    expect(await health().checkHealth()).toMatchObject({ status: 'ok', store: 'ok' });
    expect(await casesRead().listCases(customerOf('uni-a'), { limit: 10, deadline: Date.now() + 5_000 })).toEqual({ items: [], nextCursor: null });
    await expect(casesRead().getCase(agent, '00000001')).rejects.toMatchObject({ code: 'case-not-found' });
    const report = await reports().slaReport(manager, { from: '2026-01-01', to: '2026-01-31', zone: reports().reportZone });
    expect(report).toMatchObject({ from: '2026-01-01', to: '2026-01-31', zone: 'Europe/London', itemsRead: 0 });
    expect(await slaTimer().fireTimer({ caseNumber: '00000001', timer: 'breach', revision: 1, dueAt: '2026-01-01T00:00:00Z' })).toBe('unknown-case');
    expect(await sweeper().sweep()).toMatchObject({ timersDue: 0, timersFired: 0, alertsSent: 0, alertsFailed: 0 });
  });
});
