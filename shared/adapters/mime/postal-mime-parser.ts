import PostalMime, { type Address, addressParser } from 'postal-mime';
import type { InboundMail } from '../../domain/inbound-mail.js';
import { htmlToText } from '../../domain/reply-text.js';
import type { MailParser } from '../../ports/mail-parser.js';

/** Message ids in a header: `<a@b> <c@d>` → [`<a@b>`, `<c@d>`]. */
const idsIn = (value: string | undefined): string[] => (value ?? '').match(/<[^<>\s]+>/g) ?? [];

const mailboxes = (addresses: readonly Address[] | undefined): string[] =>
  (addresses ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address])).filter((a): a is string => typeof a === 'string' && a !== '');

/**
 * postal-mime (no dependencies, small): decodes every part, charset and
 * transfer encoding; a message without a plain-text part is read from its HTML.
 */
export const postalMimeParser: MailParser = {
  async parse(raw, envelopeRecipients) {
    const email = await PostalMime.parse(raw, { maxNestingDepth: 50 });
    const headers: Record<string, string> = {};
    for (const header of email.headers) headers[header.key.toLowerCase()] ??= header.value;
    const from = email.from && !email.from.group ? email.from : undefined;
    const inReplyTo = idsIn(email.inReplyTo)[0] ?? null;
    return {
      from: (from?.address ?? '').toLowerCase(),
      fromName: from?.name ?? '',
      fromCount: email.headers.filter((h) => h.key.toLowerCase() === 'from').reduce((count, h) => count + mailboxes(addressParser(h.value)).length, 0),
      recipients: [...new Set([...envelopeRecipients, ...mailboxes(email.to), ...mailboxes(email.cc)].map((a) => a.toLowerCase()))],
      subject: email.subject ?? '',
      messageId: idsIn(email.messageId)[0] ?? null,
      inReplyTo,
      references: idsIn(email.references),
      headers,
      text: email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : '',
    } satisfies InboundMail;
  },
};
