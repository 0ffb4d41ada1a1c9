import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailSender, OutboundMail, SentMail } from '../../ports/mail-sender.js';

/**
 * Sends mail with Amazon SES v2 (SendEmail, simple content, through a
 * configuration set whose event destination reports bounces and complaints).
 * Generic: it knows nothing of cases; anything case-specific travels as tags.
 *
 * SES replaces any `Message-ID` we give with its own (`<MessageId@<region>.amazonses.com>`), so ours is not sent;
 * the id SES gives is returned, and `In-Reply-To`/`References` (which SES keeps) carry the thread.
 */
export class SesMailSender implements MailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: { readonly configurationSet: string; readonly region: string },
  ) {}

  async send(mail: OutboundMail): Promise<SentMail> {
    const headers = [
      ...(mail.inReplyTo ? [{ Name: 'In-Reply-To', Value: mail.inReplyTo }] : []),
      ...(mail.references && mail.references.length > 0 ? [{ Name: 'References', Value: mail.references.join(' ') }] : []),
      ...Object.entries(mail.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
    ];
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: [...mail.to] },
        ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
        ConfigurationSetName: this.options.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}) },
            ...(headers.length > 0 ? { Headers: headers } : {}),
          },
        },
        ...(mail.tags ? { EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the message without a MessageId');
    return { messageId: sesMessageId(result.MessageId, this.options.region) };
  }
}

/** The `Message-ID` header SES writes for a message it accepted: `us-east-1` uses `email.amazonses.com`, other regions `<region>.amazonses.com`. */
export function sesMessageId(id: string, region: string): string {
  return `<${id}@${region === 'us-east-1' ? 'email' : region}.amazonses.com>`;
}
