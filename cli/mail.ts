/**
 * `npm run --silent mail -- <command>`: what the inbound mail code sees, and a
 * customer's reply for trying the service locally. See README.md, "Customer email".
 *
 *   parse   reads one RFC 5322 message on stdin and prints
 *           {"caseNumber": "00000042" | null, "from": "...", "autoReply": true|false, "reply": "<the visible new text>"}
 *   reply   --case NUMBER --from ADDRESS --text TEXT
 *           answers the newest message about the case in the local mailbox (DATA_DIR), as a mail program would:
 *           to its Reply-To, "Re:" its subject, In-Reply-To/References its Message-ID, the original quoted below
 *           an "On … wrote:" line; sent over SMTP to the local server (SMTP_PORT, default 2525)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { postalMimeParser } from '../shared/adapters/mime/postal-mime-parser.js';
import { mailSettingsFrom } from '../shared/config/app-config.js';
import { readReply } from '../shared/use-cases/receive-mail.js';
import { readMailbox } from '../local/mail-server.js';
import { dataDir } from '../local/local-settings.js';

const USAGE = `usage: mail parse < message.eml
       mail reply --case NUMBER --from ADDRESS --text TEXT`;

async function stdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parse(): Promise<void> {
  const mail = await postalMimeParser.parse(await stdin(), []);
  process.stdout.write(`${JSON.stringify(readReply(mail, mailSettingsFrom(process.env)))}\n`);
}

async function reply(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { case: { type: 'string' }, from: { type: 'string' }, text: { type: 'string' } } });
  if (!values.case || !/^\d{8}$/.test(values.case) || !values.from || !values.text) throw new Error(`reply needs --case (8 digits), --from and --text\n${USAGE}`);
  const original = readMailbox(dataDir())
    .filter((m) => m.subject.includes(`[Case ${values.case}]`))
    .pop();
  if (!original) throw new Error(`no message about case ${values.case} in ${dataDir()}/mailbox.jsonl yet`);
  const parsed = await postalMimeParser.parse(readFileSync(original.file), []);
  const quoted = parsed.text.split('\n').map((line) => `> ${line}`.trimEnd());
  const text = [values.text, '', `On ${new Date(original.at).toUTCString()}, ${parsed.fromName || parsed.from} <${parsed.from}> wrote:`, '', ...quoted].join('\n');
  const transport = createTransport({ host: '127.0.0.1', port: Number(process.env.SMTP_PORT ?? 2525), secure: false, ignoreTLS: true });
  const info = (await transport.sendMail({
    from: values.from,
    to: original.replyTo ?? parsed.from,
    subject: `Re: ${original.subject}`,
    text,
    ...(original.messageId ? { inReplyTo: original.messageId, references: [...parsed.references, original.messageId] } : {}),
  })) as { response?: string };
  transport.close();
  process.stdout.write(`${info.response ?? 'sent'}\n`);
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'parse') await parse();
  else if (command === 'reply') await reply(rest);
  else throw new Error(USAGE);
} catch (error) {
  process.stderr.write(`mail: ${(error as Error).message}\n`);
  process.exit(2);
}
