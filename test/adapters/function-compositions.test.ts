import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachments } from '../../shared/composition/attachments.js';
import { canary } from '../../shared/composition/canary.js';
import { casesRead } from '../../shared/composition/cases-read.js';
import { health } from '../../shared/composition/health.js';
import { mailFeedbackRecording } from '../../shared/composition/mail-feedback.js';
import { oncall } from '../../shared/composition/oncall.js';
import { pages } from '../../shared/composition/pages.js';
import { paging } from '../../shared/composition/paging.js';
import { reports } from '../../shared/composition/reports.js';
import { caseDataOf } from '../../shared/composition/case-data.js';
import { caseUpdateStoreOf } from '../../shared/composition/case-update-store.js';
import { appConfig } from '../../shared/composition/settings.js';
import { caseCredentials } from '../../shared/composition/case-credentials.js';
import { DATA_SETTINGS } from '../../shared/config/app-config.js';
import { casesUpdate } from '../../shared/composition/cases-update.js';
import { casesWrite } from '../../shared/composition/cases-write.js';
import { followUps } from '../../shared/composition/follow-up.js';
import { slaTimer } from '../../shared/composition/sla-triggers.js';
import { sweeper } from '../../shared/composition/sweeper.js';
import { agent, caseInput, customerOf, manager } from '../support/builders.js';
import { freshTable } from '../support/tables.js';

/**
 * Each Lambda function's own composition, built from the configuration as in AWS (nothing provided by a local
 * runtime), against DynamoDB Local: it hands out exactly its function's use cases, and those answer. Scheduler,
 * SNS, SES and S3 are configured but never reached here (they are built on first use); the signing keys are files.
 */
beforeAll(async () => {
  const { endpoint, tableName } = await freshTable('composition');
  const keys = mkdtempSync(join(tmpdir(), 'composition-'));
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'eu-west-2',
    METRICS: 'none',
    CURSOR_KEY_FILE: join(keys, 'cursor-key'),
    PAGE_ACK_KEY_FILE: join(keys, 'page-ack-key'),
    PUBLIC_API_URL: 'https://api.example.com',
    SES_CONFIGURATION_SET: 'mail',
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
    expect(names(casesWrite())).toEqual(['openCase']);
    expect(names(casesUpdate())).toEqual(['addComment', 'requestEscalation', 'updateCase']);
    expect(names(caseCredentials())).toEqual(['readCredentials']);
    expect(names(followUps())).toEqual(['followUpStream']);
    expect(names(mailFeedbackRecording())).toEqual(['recordMailFeedback']);
    // The paging functions: each gets the part of paging it runs.
    expect(names(pages())).toEqual(['paging', 'pagingReport']);
    expect(names(pages().paging)).toEqual(['acknowledgeAsStaff', 'acknowledgeWithLink', 'casePages', 'openLink']);
    expect(names(oncall())).toEqual(['rota']);
    expect(names(paging())).toEqual(['paging']);
    expect(names(paging().paging)).toEqual(['dispatchPages', 'firePageStep', 'sweepPaging']);
    expect(names(canary())).toEqual(['metrics', 'paging']);
    expect(names(canary().paging)).toEqual(['dryRun']);
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

  it('answers the paging routes and runs the paging triggers from the store, as the functions do in AWS', async () => {
    await expect(pages().paging.casePages(agent, '00000001')).rejects.toMatchObject({ code: 'case-not-found' });
    await expect(pages().paging.acknowledgeAsStaff(agent, '00000001-1')).rejects.toMatchObject({ code: 'page-not-found' });
    // With an Idempotency-Key the earlier answer is looked up first (the idempotency records alone, not the case store).
    await expect(pages().paging.acknowledgeAsStaff(agent, '00000001-1', 'retry-1')).rejects.toMatchObject({ code: 'page-not-found' });
    await expect(pages().paging.openLink('00000001-1', 'p1-s1-sms-0.1.AAAA')).rejects.toMatchObject({ code: 'ack-link-invalid' });
    expect(await pages().pagingReport(manager, { from: '2026-01-01', to: '2026-01-31' })).toMatchObject({ from: '2026-01-01', total: { pages: 0 } });
    // The rota is seeded from config/oncall.json on first read; the canary's dry run reads it and signs a link with the key.
    expect(await oncall().rota.now(agent)).toMatchObject({ schedule: { id: 'support-24x7', version: 1 } });
    expect(await canary().paging.dryRun()).toMatchObject({ steps: 5 });
    expect(await paging().paging.firePageStep({ caseNumber: '00000001', timer: 'page-1', revision: 1, dueAt: '2026-01-01T00:00:00Z' })).toBe('unknown-case');
    expect(await paging().paging.sweepPaging()).toEqual({ stepsFired: 0, messagesSent: 0, messagesFailed: 0 });
  });

  it('intake and updates answer with DynamoDB alone: what follows (timers, page steps) is recorded pending for the stream', async () => {
    const { supportCase } = await casesWrite().openCase(customerOf('uni-a'), {
      title: 'Campus app down',
      description: 'Nobody can sign in',
      requestType: 'defect',
      environment: 'production',
      impact: 'service-down',
      productArea: 'sign-in',
      contact: { name: 'Ada', email: 'ada@uni-a.example' },
    });
    expect(supportCase.responseLevel).toBe('I');
    const { comment } = await casesUpdate().addComment(customerOf('uni-a'), supportCase.caseNumber, { body: 'Still down', visibility: 'public' });
    expect(comment).toMatchObject({ kind: 'comment' });
    const loaded = await caseUpdateStoreOf(caseDataOf(appConfig([DATA_SETTINGS]))).loadCase(supportCase.caseNumber);
    expect(loaded?.timers.map((timer) => timer.kind)).toEqual(expect.arrayContaining(['warning', 'breach', 'page-1']));
    expect(loaded?.timers.every((timer) => timer.status === 'pending')).toBe(true);
    expect(await followUps().followUpStream({ Records: [] })).toEqual({ retry: [], unreadable: [] });
  });

  it('reads a case\'s secrets for agents alone with the credentials composition, recording each read on the timeline', async () => {
    const { supportCase } = await casesWrite().openCase(customerOf('uni-a'), caseInput({ appCredentials: 'tester / pw-1', connectLayer: { type: 'local', remoteAccess: 'vpn token 42' } }));
    const n = supportCase.caseNumber;
    await expect(caseCredentials().readCredentials(customerOf('uni-a'), n)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(caseCredentials().readCredentials(agent, '99999999')).rejects.toMatchObject({ code: 'case-not-found' });
    expect(await caseCredentials().readCredentials(agent, n)).toEqual({ appCredentials: 'tester / pw-1', remoteAccess: 'vpn token 42' });
    const timeline = await casesRead().getTimeline(agent, n, { limit: 50 });
    expect(timeline.items.filter((event) => event.kind === 'credentials-read').map((event) => event.details)).toEqual([{ reader: agent.name, readerId: agent.sub }]);
  });

  it('records mail feedback on the case with the mail-feedback composition (an append to its timeline)', async () => {
    const { supportCase } = await casesWrite().openCase(customerOf('uni-a'), caseInput());
    const n = supportCase.caseNumber;
    const bounce = { type: 'bounce', bounceType: 'Permanent', addresses: ['ada@uni-a.example'], caseNumber: n, messageId: `m-${n}` } as const;
    expect(await mailFeedbackRecording().recordMailFeedback(bounce)).toBe('recorded');
    expect(await mailFeedbackRecording().recordMailFeedback(bounce)).toBe('duplicate');
    const timeline = await casesRead().getTimeline(agent, n, { limit: 50 });
    expect(timeline.items.filter((event) => event.kind === 'mail-bounced').map((event) => event.details)).toEqual([{ type: 'bounce', bounceType: 'Permanent', addresses: 'ada@uni-a.example', suppressed: false }]);
  });
});
