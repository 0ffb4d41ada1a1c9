import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LambdaPagingTrigger } from '../../shared/adapters/lambda/lambda-paging-trigger.js';
import { EventBridgeSlaTimers } from '../../shared/adapters/scheduler/eventbridge-sla-timers.js';
import { SnsSmsSender } from '../../shared/adapters/sns/sns-sms-sender.js';

const sns = mockClient(SNSClient);
const lambda = mockClient(LambdaClient);
const scheduler = mockClient(SchedulerClient);
const PAGING = 'arn:aws:lambda:eu-west-2:123456789012:function:paging';

beforeEach(() => {
  sns.reset();
  lambda.reset();
  scheduler.reset();
});

describe('SnsSmsSender', () => {
  it('publishes straight to the phone number, Transactional, from the origination number', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    await new SnsSmsSender(new SNSClient({ region: 'eu-west-2' }), '+447700900999').sendSms({ to: '+447700900102', text: '00000042 LI PAGE uni-a: down Ack: https://x/p' });
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        PhoneNumber: '+447700900102',
        Message: '00000042 LI PAGE uni-a: down Ack: https://x/p',
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+447700900999' },
        },
      },
    ]);
  });

  it('uses a sender ID when the origination identity is one, the account default when there is none, and lets a rejection through', async () => {
    sns.on(PublishCommand).resolvesOnce({}).resolvesOnce({}).rejects(Object.assign(new Error('opted out'), { name: 'InvalidParameterException' }));
    await new SnsSmsSender(new SNSClient({ region: 'eu-west-2' }), 'Support').sendSms({ to: '+61400000000', text: 't' });
    await new SnsSmsSender(new SNSClient({ region: 'eu-west-2' }), undefined).sendSms({ to: '+61400000000', text: 't' });
    const attributes = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.MessageAttributes);
    expect(attributes).toEqual([
      { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' }, 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Support' } },
      { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    ]);
    await expect(new SnsSmsSender(new SNSClient({ region: 'eu-west-2' }), undefined).sendSms({ to: '+61400000000', text: 't' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(sns.commandCalls(PublishCommand).every((call) => call.args[0].input.TopicArn === undefined)).toBe(true);
  });
});

describe('LambdaPagingTrigger', () => {
  it('invokes the paging function asynchronously with the payload a schedule would deliver', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const payload = { caseNumber: '00000042', timer: 'page-1' as const, revision: 1, dueAt: '2026-11-30T10:00:00Z' };
    await new LambdaPagingTrigger(new LambdaClient({ region: 'eu-west-2' }), PAGING).pageNow(payload);
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call!.args[0].input).toMatchObject({ FunctionName: PAGING, InvocationType: 'Event' });
    expect(JSON.parse(Buffer.from(call!.args[0].input.Payload as Uint8Array).toString('utf8'))).toEqual(payload);
  });
});

describe('EventBridgeSlaTimers with paging steps', () => {
  it('targets the paging function for a paging step and the SLA-timer function for the rest', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    const timers = new EventBridgeSlaTimers(
      new SchedulerClient({ region: 'eu-west-2' }),
      { groupName: 'g', targetArn: 'arn:aws:lambda:eu-west-2:123456789012:function:sla-timer', pagingTargetArn: PAGING, roleArn: 'arn:role', deadLetterArn: 'arn:dlq' },
      { now: () => Date.parse('2026-11-30T10:00:00Z') },
    );
    await timers.schedule({ caseNumber: '00000042', timer: 'page-2', revision: 1, dueAt: '2026-11-30T10:05:00Z' });
    await timers.schedule({ caseNumber: '00000042', timer: 'breach', revision: 1, dueAt: '2026-11-30T11:00:00Z' });
    expect(scheduler.commandCalls(CreateScheduleCommand).map((call) => [call.args[0].input.Name, call.args[0].input.Target?.Arn])).toEqual([
      ['sla-00000042-page-2-r1', PAGING],
      ['sla-00000042-breach-r1', 'arn:aws:lambda:eu-west-2:123456789012:function:sla-timer'],
    ]);
  });
});
