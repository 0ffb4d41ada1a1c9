import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMailbox, type MailboxEntry } from '../../local/mail-server.js';
import { type ApiHarness, roleTokens, startApi } from '../support/api-harness.js';
import { caseInput } from '../support/builders.js';

/**
 * Customer email end to end, over real SMTP on loopback: the service's mail
 * arrives in the local mailbox through the local SMTP server, and replies sent
 * to that server go through the same inbound code as SES's in AWS.
 */
let api: ApiHarness;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
const DOMAIN = 'support.example.com';

beforeAll(async () => {
  api = await startApi();
  tokens = await roleTokens(api);
});

afterAll(async () => {
  await api?.close();
});

const mailbox = (): MailboxEntry[] => readMailbox(api.dataDir);
const mailsAbout = (n: string) => mailbox().filter((m) => m.subject.includes(`[Case ${n}]`));
const rawOf = (entry: MailboxEntry) => readFileSync(entry.file, 'utf8');
/** The message as a mail program shows it: headers, the text and the HTML part decoded. */
async function shown(entry: MailboxEntry): Promise<{ text: string; html: string; headers: Record<string, string> }> {
  const email = await PostalMime.parse(readFileSync(entry.file));
  return { text: email.text ?? '', html: email.html ?? '', headers: Object.fromEntries(email.headers.map((h) => [h.key, h.value])) };
}
const allShown = async () => (await Promise.all(mailbox().map(shown))).map((m) => `${m.text}\n${m.html}`).join('\n');

async function openCase(overrides: Parameters<typeof caseInput>[0] = {}): Promise<string> {
  const answer = await api.request('POST', '/cases', { token: tokens.own, body: caseInput(overrides) });
  expect(answer.status).toBe(201);
  return answer.json.caseNumber;
}

async function events(n: string, role: 'agent' | 'own' = 'agent'): Promise<{ kind: string; visibility: string; actor: { name: string; role: string }; details: Record<string, unknown> }[]> {
  const answer = await api.request('GET', `/cases/${n}/timeline?limit=100`, { token: tokens[role] });
  expect(answer.status).toBe(200);
  return answer.json.items;
}

const comments = async (n: string) => (await events(n)).filter((e) => e.kind === 'comment');

/** Sends a raw message to the local SMTP server, as a customer's mail program would; answers the server's reply line. */
async function sendRaw(envelope: { from: string; to: string[] }, raw: string): Promise<string> {
  const transport = createTransport({ host: '127.0.0.1', port: api.service.smtpPort, secure: false, ignoreTLS: true });
  try {
    const info = (await transport.sendMail({ envelope, raw })) as { response: string };
    return info.response;
  } finally {
    transport.close();
  }
}

const message = (headers: Record<string, string>, body: string, contentType = 'text/plain; charset=utf-8', encoding = '8bit') =>
  [...Object.entries({ Date: 'Mon, 30 Nov 2026 10:00:00 +0000', 'MIME-Version': '1.0', 'Content-Type': contentType, 'Content-Transfer-Encoding': encoding, ...headers }).map(([k, v]) => `${k}: ${v}`), '', body].join('\r\n');

let uniqueId = 0;
const msgId = () => `<reply-${++uniqueId}-${Date.now()}@uni-a.example>`;

describe('outbound mail', () => {
  it('acknowledges a new case to its contact and the institution watchers: number in subject and first line, deadline in the institution zone, what is missing and why', async () => {
    const n = await openCase({ title: 'Timetable <b>empty</b> & "broken"', impact: 'degraded', scenario: undefined, appCredentials: 'top-secret-password' });
    const [ack] = mailsAbout(n);
    expect(ack).toBeDefined();
    expect(ack!.to).toEqual(['ada@uni-a.example', 'it-support@uni-a.example']);
    expect(ack!.subject).toBe(`[Case ${n}] Timetable <b>empty</b> & "broken"`);
    expect(ack!.messageId).toBe(`<case-${n}@${DOMAIN}>`);
    expect(ack!.replyTo).toContain(`support+${n}@${DOMAIN}`);
    const { text, html, headers } = await shown(ack!);
    expect(text.split('\n')[0]).toBe(`Case ${n}: we have received your case.`);
    expect(text).toContain('Title: "Timetable <b>empty</b> & \\"broken\\""');
    expect(html).toContain('Timetable &lt;b&gt;empty&lt;/b&gt; &amp;');
    expect(html).not.toMatch(/<img|src=/);
    expect(text).toContain('Europe/London');
    expect(text).toContain('the steps to reproduce the problem');
    expect(text).toContain(`/#/cases/${n}`);
    expect(headers['auto-submitted']).toBe('auto-generated');
    expect(rawOf(ack!)).not.toContain('top-secret-password');
    // An internal event says what was sent to whom; the customer never sees it.
    const sent = (await events(n)).filter((e) => e.kind === 'mail-sent');
    expect(sent).toEqual([expect.objectContaining({ visibility: 'internal', details: expect.objectContaining({ mail: 'case-opened', to: 'ada@uni-a.example, it-support@uni-a.example' }) })]);
    expect((await events(n, 'own')).some((e) => e.kind === 'mail-sent')).toBe(false);
  });

  it('mails a public answer threaded under the first message, and never an internal note', async () => {
    const n = await openCase();
    const internal = await api.request('POST', `/cases/${n}/comments`, { token: tokens.agent, body: { body: 'Internal: the IdP cert expired', visibility: 'internal' } });
    expect(internal.status).toBe(201);
    expect(mailsAbout(n)).toHaveLength(1);
    await api.request('POST', `/cases/${n}/comments`, { token: tokens.agent, body: { body: 'We are on it.\nFrom: forged@example.com', visibility: 'public' } });
    const mails = mailsAbout(n);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.inReplyTo).toBe(`<case-${n}@${DOMAIN}>`);
    const answer = await shown(mails[1]!);
    expect(answer.headers.references).toBe(`<case-${n}@${DOMAIN}>`);
    expect(answer.text).toContain('> We are on it.\n> From: forged@example.com');
    expect(await allShown()).not.toContain('IdP cert expired');
  });

  it('mails moves to awaiting-customer, resolved and closed, and level changes with the public reason', async () => {
    const n = await openCase({ impact: 'degraded' });
    const etag = async () => (await api.request('GET', `/cases/${n}`, { token: tokens.agent })).headers.get('etag')!;
    const patch = async (body: unknown) => expect((await api.request('PATCH', `/cases/${n}`, { token: tokens.agent, body, headers: { 'if-match': await etag() } })).status).toBe(200);
    await patch({ responseLevel: 'II', reason: 'More students affected' });
    await patch({ status: 'awaiting-customer' });
    await patch({ status: 'resolved' });
    await patch({ status: 'closed' });
    const texts = await Promise.all(mailsAbout(n).map(async (m) => (await shown(m)).text));
    const subjects = texts.map((t) => t.split('\n')[0]!.replace(`Case ${n}: `, ''));
    expect(subjects).toEqual([
      'we have received your case.',
      'the response level of your case has changed.',
      'support is waiting for your answer.',
      'your case is resolved.',
      'your case is closed.',
    ]);
    expect(texts[1]).toContain('> More students affected');
  });
});

describe('inbound replies over SMTP', () => {
  it('turns a Gmail-style reply into a public customer comment without the quoted history, and moves an awaiting case on', async () => {
    const n = await openCase();
    const etag = (await api.request('GET', `/cases/${n}`, { token: tokens.agent })).headers.get('etag')!;
    await api.request('PATCH', `/cases/${n}`, { token: tokens.agent, body: { status: 'awaiting-customer' }, headers: { 'if-match': etag } });
    const id = msgId();
    const raw = message(
      { From: 'Ada Admin <ada@uni-a.example>', To: `support+${n}@${DOMAIN}`, Subject: `Re: [Case ${n}] Timetable module shows no events`, 'Message-ID': id, 'In-Reply-To': `<case-${n}@${DOMAIN}>` },
      `It works again since 10:00.\r\n\r\nOn Mon, 30 Nov 2026 at 09:00, Support <support@${DOMAIN}> wrote:\r\n> Case ${n}: support is waiting for your answer.\r\n> Please tell us.\r\n`,
    );
    expect(await sendRaw({ from: 'ada@uni-a.example', to: [`support+${n}@${DOMAIN}`] }, raw)).toContain('commented');
    // Delivered again (a retry): still one comment.
    expect(await sendRaw({ from: 'ada@uni-a.example', to: [`support+${n}@${DOMAIN}`] }, raw)).toContain('duplicate');
    const added = await comments(n);
    expect(added).toEqual([expect.objectContaining({ visibility: 'public', actor: expect.objectContaining({ role: 'customer', name: 'Ada Admin (by email)' }), details: expect.objectContaining({ body: 'It works again since 10:00.' }) })]);
    expect((await api.request('GET', `/cases/${n}`, { token: tokens.own })).json.status).toBe('in-progress');
  });

  it('reads an Outlook reply whose subject lost the tag through the plus address', async () => {
    const n = await openCase();
    const raw = message(
      { From: 'it-support@uni-a.example', To: `"Support" <support+${n}@${DOMAIN}>`, Subject: 'RE: timetable', 'Message-ID': msgId() },
      'Still broken on Android.\r\n\r\n________________________________\r\nFrom: Support <support@support.example.com>\r\nSent: Monday, 30 November 2026 09:00\r\nTo: Ada Admin\r\nSubject: [Case 00000000] Timetable\r\n\r\nWe are on it.\r\n',
    );
    await sendRaw({ from: 'it-support@uni-a.example', to: [`support+${n}@${DOMAIN}`] }, raw);
    expect((await comments(n)).map((c) => c.details.body)).toEqual(['Still broken on Android.']);
  });

  it('reads an Apple Mail reply with only In-Reply-To, HTML-only mail, and quoted-printable ISO-8859-1', async () => {
    const n = await openCase();
    const to = `support@${DOMAIN}`;
    await sendRaw(
      { from: 'ada@uni-a.example', to: [to] },
      message(
        { From: 'ada@uni-a.example', To: to, Subject: 'Re: timetable', 'Message-ID': msgId(), 'In-Reply-To': `<case-${n}.support-comment.abc@${DOMAIN}>` },
        `Apple says hi.\r\n\r\n> On 30 Nov 2026, at 09:00, Support <${to}> wrote:\r\n> \r\n> We are on it.\r\n`,
      ),
    );
    await sendRaw(
      { from: 'ada@uni-a.example', to: [`support+${n}@${DOMAIN}`] },
      message({ From: 'ada@uni-a.example', To: `support+${n}@${DOMAIN}`, Subject: 'html', 'Message-ID': msgId() }, '<html><body><p>Only <b>HTML</b> &amp; no text</p><div class="gmail_quote">On Mon, Support wrote:<blockquote>old</blockquote></div></body></html>', 'text/html; charset=utf-8'),
    );
    await sendRaw(
      { from: 'ada@uni-a.example', to: [`support+${n}@${DOMAIN}`] },
      message({ From: 'ada@uni-a.example', To: `support+${n}@${DOMAIN}`, Subject: 'qp', 'Message-ID': msgId() }, 'Gr=FC=DFe aus M=FCnchen, caf=E9 ferm=E9.\r\n', 'text/plain; charset=ISO-8859-1', 'quoted-printable'),
    );
    expect((await comments(n)).map((c) => c.details.body)).toEqual(['Apple says hi.', 'Only HTML & no text', 'Grüße aus München, café fermé.']);
  });

  it('ignores auto-replies, our own messages (no loop) and strangers; strangers write nothing to the timeline', async () => {
    const n = await openCase();
    const before = mailbox().length;
    const to = `support+${n}@${DOMAIN}`;
    const send = (from: string, headers: Record<string, string> = {}) =>
      sendRaw({ from, to: [to] }, message({ From: from, To: to, Subject: `Re: [Case ${n}] x`, 'Message-ID': msgId(), ...headers }, 'Hello there'));
    expect(await send('ada@uni-a.example', { 'Auto-Submitted': 'auto-replied', Subject: 'Out of Office: back Monday' })).toContain('auto-reply');
    expect(await send(`support@${DOMAIN}`)).toContain('own-message');
    expect(await send('mallory@evil.example')).toContain('refused-sender');
    expect(await send('bea@uni-b.example')).toContain('refused-sender');
    expect(await comments(n)).toEqual([]);
    expect(mailbox().length).toBe(before);
    expect((await events(n)).filter((e) => e.kind === 'mail-received')).toEqual([]);
  });

  it('answers a known institution address that names no case once a day, greeting no one by name, and opens nothing', async () => {
    const raw = message({ From: 'ada@uni-a.example', To: `support@${DOMAIN}`, Subject: 'Help', 'Message-ID': msgId() }, 'The app is down!');
    const before = mailbox().length;
    expect(await sendRaw({ from: 'ada@uni-a.example', to: [`support@${DOMAIN}`] }, raw)).toContain('no-reference-answered');
    expect(await sendRaw({ from: 'ada@uni-a.example', to: [`support@${DOMAIN}`] }, raw)).toContain('no-reference-ignored');
    const another = message({ From: 'Ada <ada@uni-a.example>', To: `support@${DOMAIN}`, Subject: 'Help again', 'Message-ID': msgId() }, 'Still down!');
    expect(await sendRaw({ from: 'ada@uni-a.example', to: [`support@${DOMAIN}`] }, another)).toContain('no-reference-ignored');
    const replies = mailbox().slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.to).toEqual(['ada@uni-a.example']);
    const reply = await shown(replies[0]!);
    expect(reply.text).toContain('only a case opened that way pages our on-call staff');
    expect(reply.text).toContain('Hello,');
    expect(reply.headers['auto-submitted']).toBe('auto-replied');
    expect(await sendRaw({ from: 'x@unknown.example', to: [`support@${DOMAIN}`] }, message({ From: 'x@unknown.example', To: `support@${DOMAIN}`, Subject: 'Hi', 'Message-ID': msgId() }, 'hi'))).toContain('no-reference-ignored');
    expect(mailbox().length).toBe(before + 1);
  });

  it('refuses a message over 10 MB at the SMTP level with a clear reason', async () => {
    const big = message({ From: 'ada@uni-a.example', To: `support@${DOMAIN}`, Subject: 'big', 'Message-ID': msgId() }, `${'x'.repeat(998)}\r\n`.repeat(10_600));
    await expect(sendRaw({ from: 'ada@uni-a.example', to: [`support@${DOMAIN}`] }, big)).rejects.toThrow(/too large: the limit is 10 MB/);
  });
});
