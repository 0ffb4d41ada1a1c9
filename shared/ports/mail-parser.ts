import type { InboundMail } from '../domain/inbound-mail.js';

/** Decodes a raw RFC 5322 message (any charset, any transfer encoding, HTML-only included). */
export interface MailParser {
  parse(raw: Uint8Array, envelopeRecipients: readonly string[]): Promise<InboundMail>;
}
