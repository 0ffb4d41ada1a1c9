import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient, ValidationException } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeSlaTimers, atExpression } from '../../shared/adapters/scheduler/eventbridge-sla-timers.js';
import { SnsAlertPublisher } from '../../shared/adapters/sns/sns-alert-publisher.js';
import { renderAlert } from '../../shared/domain/alert-message.js';

const scheduler = mockClient(SchedulerClient);
const sns = mockClient(SNSClient);
const NOW = Date.parse('2026-11-30T10:00:00Z');
const config = {
  groupName: 'support-sla',
  targetArn: 'arn:aws:lambda:eu-west-2:123456789012:function:sla-timer',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-2:123456789012:timer-dlq',
};
const timers = () => new EventBridgeSlaTimers(new SchedulerClient({ region: 'eu-west-2' }), config, { now: () => NOW });
const payload = { caseNumber: '00000042', timer: 'breach' as const, revision: 2, dueAt: '2026-11-30T11:00:00.250Z' };

beforeEach(() => {
  scheduler.reset();
  sns.reset();
});

describe('EventBridgeSlaTimers', () => {
  it('creates one at() schedule in UTC with no flexible window, deleted after completion, with retries and a DLQ', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    expect(await timers().schedule(payload)).toBe('scheduled');
    expect(scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input)).toEqual([
      {
        Name: 'sla-00000042-breach-r2',
        GroupName: 'support-sla',
        Description: 'Case 00000042: breach timer, revision 2',
        ScheduleExpression: 'at(2026-11-30T11:00:01)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Target: {
          Arn: config.targetArn,
          RoleArn: config.roleArn,
          Input: JSON.stringify(payload),
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: config.deadLetterArn },
        },
      },
    ]);
  });

  it('rounds up to the whole second, so a schedule never fires before its deadline', () => {
    expect(atExpression(Date.parse('2026-11-30T11:00:00.000Z'))).toBe('at(2026-11-30T11:00:00)');
    expect(atExpression(Date.parse('2026-11-30T11:00:00.001Z'))).toBe('at(2026-11-30T11:00:01)');
    expect(atExpression(Date.parse('2026-12-31T23:59:59.500Z'))).toBe('at(2027-01-01T00:00:00)');
  });

  it('names are at most 64 characters', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await timers().schedule({ ...payload, timer: 'escalation-9', revision: 9999 });
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Name!.length).toBeLessThanOrEqual(64);
  });

  it('leaves a deadline less than a minute away to the sweeper', async () => {
    expect(await timers().schedule({ ...payload, dueAt: '2026-11-30T10:00:59Z' })).toBe('not-scheduled');
    expect(await timers().schedule({ ...payload, dueAt: '2026-11-30T09:00:00Z' })).toBe('not-scheduled');
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('treats an existing schedule of the same name as scheduled, and passes other failures on', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    expect(await timers().schedule(payload)).toBe('scheduled');
    scheduler.reset();
    scheduler.on(CreateScheduleCommand).rejects(new ValidationException({ message: 'bad', Message: 'bad', $metadata: {} }));
    await expect(timers().schedule(payload)).rejects.toBeInstanceOf(ValidationException);
  });

  it('deletes by the same name, and a schedule already gone is fine', async () => {
    scheduler.on(DeleteScheduleCommand).resolvesOnce({}).rejectsOnce(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await timers().cancel(payload);
    await timers().cancel(payload);
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((call) => call.args[0].input)).toEqual([
      { Name: 'sla-00000042-breach-r2', GroupName: 'support-sla' },
      { Name: 'sla-00000042-breach-r2', GroupName: 'support-sla' },
    ]);
  });
});

describe('SnsAlertPublisher', () => {
  it('publishes per-protocol messages with the ASCII subject and filterable attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const topics = { oncall: 'arn:aws:sns:eu-west-2:123456789012:oncall', support: 'arn:support', management: 'arn:management' };
    const rendered = renderAlert({
      caseNumber: '00000042',
      kind: 'case-opened',
      institution: 'uni-a',
      institutionName: 'University A',
      level: 'I',
      title: 'Login down 🔥',
      dueAtUtc: '2026-11-30T11:00:00Z',
      dueAtLocal: '2026-11-30T11:00:00+00:00',
      zone: 'Europe/London',
      missingInformation: [],
    });
    await new SnsAlertPublisher(new SNSClient({ region: 'eu-west-2' }), topics).publish({ ...rendered, alertId: 'case-opened#oncall', caseNumber: '00000042', topic: 'oncall' });
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: topics.oncall,
        Subject: '00000042 Level I case opened: Login down ?',
        MessageStructure: 'json',
        Message: JSON.stringify({ default: rendered.email, email: rendered.email, sms: rendered.sms }),
        MessageAttributes: {
          level: { DataType: 'String', StringValue: 'I' },
          kind: { DataType: 'String', StringValue: 'case-opened' },
          caseNumber: { DataType: 'String', StringValue: '00000042' },
        },
      },
    ]);
  });
});
