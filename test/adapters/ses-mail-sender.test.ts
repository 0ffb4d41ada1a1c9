import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailSender, sesMessageId } from '../../shared/adapters/ses/ses-mail-sender.js';
import type { OutboundMail } from '../../shared/ports/mail-sender.js';

const ses = mockClient(SESv2Client);
const sender = (region = 'eu-west-1') => new SesMailSender(new SESv2Client({ region }), { configurationSet: 'support-mail', region });

const mail: OutboundMail = {
  messageId: '<case-00000042.support-comment.c1@support.example.com>',
  from: 'Support <support@support.example.com>',
  to: ['ada@uni-a.example', 'it@uni-a.example'],
  replyTo: 'support+00000042@support.example.com',
  subject: '[Case 00000042] Timetable empty',
  text: 'Case 00000042: support has answered.\n',
  html: '<p>Case 00000042: support has answered.</p>',
  inReplyTo: '<case-00000042@support.example.com>',
  references: ['<case-00000042@support.example.com>'],
  headers: { 'Auto-Submitted': 'auto-generated' },
  tags: { case: '00000042', kind: 'support-comment' },
};

beforeEach(() => ses.reset());

describe('SesMailSender', () => {
  it('sends one SendEmail through the configuration set: simple content, threading headers, Reply-To, tags; our Message-ID is left to SES', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0102018f-abc-000000' });
    expect(await sender().send(mail)).toEqual({ messageId: '<0102018f-abc-000000@eu-west-1.amazonses.com>' });
    expect(ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input)).toEqual([
      {
        FromEmailAddress: 'Support <support@support.example.com>',
        Destination: { ToAddresses: ['ada@uni-a.example', 'it@uni-a.example'] },
        ReplyToAddresses: ['support+00000042@support.example.com'],
        ConfigurationSetName: 'support-mail',
        Content: {
          Simple: {
            Subject: { Data: '[Case 00000042] Timetable empty', Charset: 'UTF-8' },
            Body: { Text: { Data: 'Case 00000042: support has answered.\n', Charset: 'UTF-8' }, Html: { Data: '<p>Case 00000042: support has answered.</p>', Charset: 'UTF-8' } },
            Headers: [
              { Name: 'In-Reply-To', Value: '<case-00000042@support.example.com>' },
              { Name: 'References', Value: '<case-00000042@support.example.com>' },
              { Name: 'Auto-Submitted', Value: 'auto-generated' },
            ],
          },
        },
        EmailTags: [
          { Name: 'case', Value: '00000042' },
          { Name: 'kind', Value: 'support-comment' },
        ],
      },
    ]);
  });

  it('sends a first message without threading headers or HTML when it has none', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    const { inReplyTo: _i, references: _r, headers: _h, html: _html, tags: _t, ...plain } = mail;
    await sender().send(plain);
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Headers).toBeUndefined();
    expect(input.Content?.Simple?.Body).toEqual({ Text: { Data: mail.text, Charset: 'UTF-8' } });
    expect(input.EmailTags).toBeUndefined();
  });

  it('names the Message-ID SES writes: email.amazonses.com in us-east-1, <region>.amazonses.com elsewhere', () => {
    expect(sesMessageId('abc', 'us-east-1')).toBe('<abc@email.amazonses.com>');
    expect(sesMessageId('abc', 'eu-west-1')).toBe('<abc@eu-west-1.amazonses.com>');
  });

  it('lets a refusal through to the caller (the outbox keeps the message and the sweeper retries it)', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    await expect(sender().send(mail)).rejects.toBeInstanceOf(TooManyRequestsException);
  });
});
