import { CASE_NUMBER } from './support-case.js';

/** An inbound message as the MIME parser decoded it: headers, addresses and the text (any charset and encoding undone). */
export interface InboundMail {
  readonly from: string;
  readonly fromName: string;
  /** How many mailboxes the `From:` headers name, over all of them: anything but one leaves the sender ambiguous. */
  readonly fromCount: number;
  /** Addresses it was sent to: the envelope recipients (SES receipt, SMTP RCPT TO) and To/Cc. */
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** Header names lower-case, values as decoded; repeated headers keep their first value. */
  readonly headers: Readonly<Record<string, string>>;
  /** The plain-text part, or the HTML part made text when there is no plain one. */
  readonly text: string;
}

/** How the case a message is about was found. */
export type CaseReference =
  | { readonly caseNumber: string; readonly by: 'plus-address' | 'subject' | 'in-reply-to' }
  | { readonly messageIds: readonly string[]; readonly by: 'message-lookup' }
  | null;

const SUBJECT_TAG = /\[Case (\d{8})\]/i;

/**
 * The case a message names: the plus address (`support+00000001@<domain>`)
 * first, then the `[Case NNNNNNNN]` tag in the subject, then a message id of
 * ours in `In-Reply-To` or `References` (`<case-00000001…@<domain>>`). When none
 * names it, the ids in `In-Reply-To`/`References` may still be ids the mail
 * service gave our messages: the caller looks those up.
 */
export function caseReferenceOf(mail: InboundMail, mailDomain: string, localPart: string): CaseReference {
  const domain = mailDomain.toLowerCase();
  const plus = new RegExp(`^${escapeRegExp(localPart.toLowerCase())}\\+(\\d{8})@${escapeRegExp(domain)}$`);
  for (const recipient of mail.recipients) {
    const match = plus.exec(recipient.toLowerCase());
    if (match) return { caseNumber: match[1]!, by: 'plus-address' };
  }
  const tagged = SUBJECT_TAG.exec(mail.subject);
  if (tagged) return { caseNumber: tagged[1]!, by: 'subject' };
  const ids = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references];
  const ours = new RegExp(`^<case-(\\d{8})(?:\\.[^@>]*)?@${escapeRegExp(domain)}>$`);
  for (const id of ids) {
    const match = ours.exec(id.toLowerCase());
    if (match && CASE_NUMBER.test(match[1]!)) return { caseNumber: match[1]!, by: 'in-reply-to' };
  }
  return ids.length > 0 ? { messageIds: ids, by: 'message-lookup' } : null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const AUTO_SUBJECT = /^(auto(matic)?[ -]?(reply|response)|auto:|out of (the )?office|abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica|undeliverable|delivery status notification|mail delivery failed)/i;
const ROBOT_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+@]|$)/i;

/**
 * An automatic message (RFC 3834 `Auto-Submitted`, `Precedence: bulk/junk/list/auto_reply`, the X-Autoreply family,
 * `X-Loop`, `X-Auto-Response-Suppress`, mailing lists, bounces, out-of-office subjects): it gets no comment and no answer, so no mail loop can start.
 */
export function isAutoReply(mail: InboundMail): boolean {
  const h = mail.headers;
  const autoSubmitted = h['auto-submitted']?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(h.precedence?.trim() ?? '')) return true;
  if (h['x-autoreply'] !== undefined || h['x-autorespond'] !== undefined || h['x-autoresponse'] !== undefined || h['x-auto-response'] !== undefined) return true;
  if (h['x-loop'] !== undefined || h['x-auto-response-suppress'] !== undefined) return true;
  if (h['list-id'] !== undefined || h['list-unsubscribe'] !== undefined) return true;
  if (h['return-path']?.trim() === '<>') return true;
  if (ROBOT_SENDER.test(mail.from)) return true;
  return AUTO_SUBJECT.test(mail.subject.trim());
}

/** Whether `In-Reply-To`/`References` name any message id at our mail domain (our own message coming back). */
export function answersOurMessage(mail: InboundMail, mailDomain: string): boolean {
  const suffix = `@${mailDomain.toLowerCase()}>`;
  return [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references].some((id) => id.toLowerCase().endsWith(suffix));
}
