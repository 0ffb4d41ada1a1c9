import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../ports/clock.js';
import type { MailSender, OutboundMail, SentMail } from '../../ports/mail-sender.js';
import type { SmsSender } from '../../ports/sms-sender.js';

/**
 * Pages under `npm start`: each SMS and each page mail is printed and appended
 * as one JSON line to the alerts file (`.data/alerts.jsonl`, next to the SLA
 * alerts), acknowledgement link included, where a person or a test reads it.
 */
export class LocalPageChannels implements SmsSender, MailSender {
  constructor(
    private readonly file: string,
    private readonly print: (line: string) => void,
    private readonly clock: Clock,
  ) {}

  async sendSms(message: { readonly to: string; readonly text: string }): Promise<void> {
    await this.record({ channel: 'sms', to: message.to, text: message.text });
    this.print(`PAGE [sms ${message.to}] ${message.text}`);
  }

  async send(mail: OutboundMail): Promise<SentMail> {
    await this.record({ channel: 'email', to: mail.to.join(', '), subject: mail.subject, text: mail.text, messageId: mail.messageId });
    this.print(`PAGE [email ${mail.to.join(', ')}] ${mail.subject}`);
    return { messageId: mail.messageId };
  }

  private async record(line: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify({ sentAt: new Date(this.clock.now()).toISOString(), kind: 'page', ...line })}\n`);
  }
}
