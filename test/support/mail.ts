import type { MailSettings } from '../../shared/domain/customer-mail.js';
import type { MailSender, OutboundMail } from '../../shared/ports/mail-sender.js';

/** The mail settings the flow tests send with. */
export const mailSettings: MailSettings = { domain: 'support.example.com', from: 'Support <support@support.example.com>', portalUrl: 'http://localhost:3000' };

/** Stands in for SES: accepts every message, records it, answers with an id of its own as SES does. */
export function recordingMail() {
  const sent: OutboundMail[] = [];
  const sender: MailSender = {
    async send(mail) {
      sent.push(mail);
      return { messageId: `<ses-${sent.length}@eu-west-2.amazonses.com>` };
    },
  };
  return { sender, sent };
}
