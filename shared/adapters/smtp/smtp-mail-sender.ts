import { type Transporter, createTransport } from 'nodemailer';
import type { MailSender, OutboundMail, SentMail } from '../../ports/mail-sender.js';

/**
 * Sends mail over real SMTP with nodemailer: under `npm start` to the local SMTP
 * server on loopback, which keeps it in the local mailbox. nodemailer encodes
 * every header and body part; our Message-ID is kept as given.
 */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(options: { readonly host: string; readonly port: number }) {
    this.transport = createTransport({ host: options.host, port: options.port, secure: false, ignoreTLS: true, connectionTimeout: 2_000, greetingTimeout: 2_000, socketTimeout: 5_000 });
  }

  async send(mail: OutboundMail): Promise<SentMail> {
    const info = (await this.transport.sendMail({
      messageId: mail.messageId,
      from: mail.from,
      to: [...mail.to],
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references ? { references: [...mail.references] } : {}),
      headers: { ...mail.headers, ...(mail.tags ? { 'X-Mail-Tags': Object.entries(mail.tags).map(([k, v]) => `${k}=${v}`).join('; ') } : {}) },
    })) as { messageId?: string };
    return { messageId: info.messageId ?? mail.messageId };
  }

  close(): void {
    this.transport.close();
  }
}
