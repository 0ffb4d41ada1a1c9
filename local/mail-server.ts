/**
 * The local mail world of `npm start`: an SMTP server on loopback (`smtp-server`).
 * Mail to an address at the service's mail domain (`support+00000001@…`) is
 * handed to the same inbound code SES triggers in AWS; mail to anyone else is
 * what the service sends customers, and is kept in the local mailbox in
 * DATA_DIR (`mailbox.jsonl`, one line per message, and the raw `.eml` files),
 * which `/local/mailbox` lists.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { postalMimeParser } from '../shared/adapters/mime/postal-mime-parser.js';
import { INBOUND_MAX_BYTES, type MailVerdicts, type ReceivedMail, isPermanentRefusal } from '../shared/use-cases/receive-mail.js';

/** One message in the local mailbox. */
export interface MailboxEntry {
  readonly at: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly replyTo: string | null;
  readonly file: string;
}

export interface LocalMailServer {
  readonly port: number;
  close(): Promise<void>;
}

export const mailboxFile = (dataDir: string) => join(dataDir, 'mailbox.jsonl');

/** The mailbox, oldest first (empty when nothing was sent yet). */
export function readMailbox(dataDir: string): MailboxEntry[] {
  const file = mailboxFile(dataDir);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MailboxEntry);
}

async function collect(stream: SMTPServerDataStream): Promise<{ raw: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { raw: Buffer.concat(chunks), tooLarge: stream.sizeExceeded };
}

/**
 * Loopback mail has no SES to check SPF, DKIM, DMARC, spam or viruses. The local server does NOT check them: it
 * states passes, so that local mail is trusted as it always was, and says so here rather than leaving the trust implicit.
 */
export const LOCAL_UNCHECKED_VERDICTS: MailVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startLocalMailServer(options: {
  readonly port: number;
  readonly dataDir: string;
  readonly mailDomain: string;
  /** The inbound use case: the same code the SES-triggered function runs. */
  readonly receive: (raw: Uint8Array, options: { readonly recipients: readonly string[]; readonly verdicts: MailVerdicts }) => Promise<ReceivedMail>;
  readonly log?: (line: string) => void;
}): Promise<LocalMailServer> {
  const dir = join(options.dataDir, 'mailbox');
  mkdirSync(dir, { recursive: true });
  const ours = (address: string) => address.toLowerCase().endsWith(`@${options.mailDomain}`);
  let sequence = readMailbox(options.dataDir).length;

  const deliverToMailbox = async (raw: Buffer, recipients: readonly string[]) => {
    const mail = await postalMimeParser.parse(raw, []);
    const file = join(dir, `${String(++sequence).padStart(6, '0')}.eml`);
    writeFileSync(file, raw);
    const entry: MailboxEntry = {
      at: new Date().toISOString(),
      from: mail.from,
      to: [...recipients],
      subject: mail.subject,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      replyTo: mail.headers['reply-to'] ?? null,
      file,
    };
    appendFileSync(mailboxFile(options.dataDir), `${JSON.stringify(entry)}\n`);
    options.log?.(JSON.stringify({ level: 'info', message: 'mail delivered to the local mailbox', subject: entry.subject, to: entry.to }));
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: INBOUND_MAX_BYTES,
    logger: false,
    banner: 'support service (local)',
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
      void (async () => {
        const { raw, tooLarge } = await collect(stream);
        if (tooLarge) return callback(smtpError(552, `message too large: the limit is ${INBOUND_MAX_BYTES / 1024 / 1024} MB; send files as attachments on the case page`));
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const inbound = recipients.filter(ours);
        const outbound = recipients.filter((r) => !ours(r));
        if (outbound.length > 0) await deliverToMailbox(raw, outbound);
        if (inbound.length > 0) {
          const received = await options.receive(raw, { recipients: inbound, verdicts: LOCAL_UNCHECKED_VERDICTS });
          // A permanent refusal is answered 554 so the sending server does not retry it (451 would).
          if (isPermanentRefusal(received.outcome)) return callback(smtpError(554, `message refused (${received.outcome})`));
          return callback(null, `accepted (${received.outcome})`);
        }
        return callback(null, 'delivered to the local mailbox');
      })().catch((error: unknown) => callback(smtpError(451, `local mail handling failed: ${(error as Error).message}; try again`)));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  server.on('error', (error: Error) => options.log?.(JSON.stringify({ level: 'error', message: 'local SMTP server error', error: error.name })));
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The development page listing the local mailbox, newest first (`GET /local/mailbox`; `?format=json` for the entries). */
export function mailboxPage(dataDir: string): string {
  const rows = readMailbox(dataDir)
    .reverse()
    .map((m) => `<tr><td>${escapeHtml(m.at)}</td><td>${escapeHtml(m.to.join(', '))}</td><td>${escapeHtml(m.subject)}</td><td><code>${escapeHtml(m.messageId ?? '')}</code></td><td><code>${escapeHtml(m.inReplyTo ?? '')}</code></td><td><code>${escapeHtml(m.file)}</code></td></tr>`);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title></head><body>',
    '<h1>Local mailbox</h1>',
    `<p>What the service sent customers under <code>npm start</code> (${rows.length} messages). Each raw message is in the file named.</p>`,
    '<table><thead><tr><th>at</th><th>to</th><th>subject</th><th>Message-ID</th><th>In-Reply-To</th><th>file</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></body></html>',
  ].join('\n');
}
