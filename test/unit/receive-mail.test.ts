import { describe, expect, it } from 'vitest';
import { postalMimeParser } from '../../shared/adapters/mime/postal-mime-parser.js';
import { supportDirectory } from '../../shared/config/support-config.js';
import type { MailSettings } from '../../shared/domain/customer-mail.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Principal } from '../../shared/domain/principal.js';
import type { SupportCase } from '../../shared/domain/support-case.js';
import type { Logger } from '../../shared/observability/logger.js';
import type { CaseReader } from '../../shared/ports/case-reader.js';
import type { CaseUpdateStore } from '../../shared/ports/case-update-store.js';
import type { Outbox } from '../../shared/ports/outbox.js';
import type { MailParser } from '../../shared/ports/mail-parser.js';
import type { OutboundMail } from '../../shared/ports/mail-sender.js';
import { noMetrics } from '../../shared/ports/metrics.js';
import type { CommentOutcome } from '../../shared/use-cases/case-updates.js';
import { type MailVerdicts, isPermanentRefusal, makeReceiveMail } from '../../shared/use-cases/receive-mail.js';

/**
 * The inbound use case's decisions with the real MIME parser; the ports around it record what it asked for (the
 * store's own behaviour is covered against DynamoDB Local, the whole flow over SMTP in test/api/customer-mail.test.ts).
 */
const settings: MailSettings = { domain: 'support.vendor.example', from: 'Vendor Support <help@support.vendor.example>', portalUrl: 'https://portal.vendor.example/' };
const PASS: MailVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };
const theCase = { caseNumber: '00000042', institution: 'uni-a', status: 'awaiting-customer', contact: { name: 'Ada Lovelace', email: 'ada@uni-a.example', phone: null } } as unknown as SupportCase; // only the fields the use case reads

function world(options: { parser?: MailParser; suppressed?: string[]; now?: number; addComment?: () => Promise<CommentOutcome> } = {}) {
  const seen = new Set<string>();
  const sent: OutboundMail[] = [];
  const comments: { principal: Principal; input: { body: string; movesStatus: boolean } }[] = [];
  const appended: unknown[] = [];
  const logged: Record<string, unknown>[] = [];
  let now = options.now ?? Date.parse('2026-11-30T10:00:00Z');
  const logger = { info: (_m: string, fields: Record<string, unknown>) => logged.push(fields) } as unknown as Logger; // only info is used
  const outbox: Pick<Outbox, 'firstSeen' | 'caseOfMessage' | 'suppressedAddresses'> = {
    firstSeen: async (key: string) => (seen.has(key) ? false : (seen.add(key), true)),
    suppressedAddresses: async (addresses: readonly string[]) => new Set(addresses.filter((a) => options.suppressed?.includes(a))),
    caseOfMessage: async () => undefined,
  };
  const updates: Pick<CaseUpdateStore, 'appendEvents'> = { appendEvents: async (_n, events) => (appended.push(...events), 'applied') };
  const cases: Pick<CaseReader, 'getCase'> = { getCase: async (n: string) => (n === theCase.caseNumber ? theCase : undefined) };
  const receive = makeReceiveMail({
    cases,
    updates,
    outbox,
    addComment: async (principal, _n, input) => {
      comments.push({ principal, input });
      return options.addComment ? options.addComment() : ({ replayed: false } as CommentOutcome);
    },
    parser: options.parser ?? postalMimeParser,
    sender: { send: async (mail) => (sent.push(mail), { messageId: mail.messageId }) },
    directory: supportDirectory(),
    settings,
    clock: { now: () => now },
    logger,
    metrics: noMetrics,
  });
  return { receive, sent, comments, appended, logged, seen, later: (ms: number) => (now += ms) };
}

const raw = (headers: string[], body = 'Hello there') => new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`);
const reply = (from: string, extra: string[] = []) => raw([`From: ${from}`, 'To: help+00000042@support.vendor.example', 'Subject: Re: [Case 00000042] x', `Message-ID: <m${Math.random()}@uni-a.example>`, ...extra], 'Here is the log you asked for.');
const noCase = (from: string, extra: string[] = []) => raw([`From: ${from}`, 'To: help@support.vendor.example', 'Subject: Printer', `Message-ID: <n${Math.random()}@uni-a.example>`, ...extra]);

describe('sender authenticity', () => {
  it('adds a comment only when DMARC, spam and virus verdicts all PASS; anything else is a log line', async () => {
    for (const verdicts of [undefined, { ...PASS, dmarc: 'GRAY' }, { ...PASS, dmarc: 'PROCESSING_FAILED' }, { ...PASS, dmarc: 'DISABLED' }, { ...PASS, dmarc: undefined }, { ...PASS, spam: 'GRAY' }, { ...PASS, virus: 'PROCESSING_FAILED' }]) {
      const w = world();
      const received = await w.receive(reply('Ada <ada@uni-a.example>'), { recipients: ['help+00000042@support.vendor.example'], ...(verdicts ? { verdicts } : {}) });
      expect(received.outcome).toBe('refused-verdict');
      expect(isPermanentRefusal(received.outcome)).toBe(true);
      expect(w.comments).toEqual([]);
      expect(w.appended).toEqual([]);
      expect(w.sent).toEqual([]);
    }
    const w = world();
    expect((await w.receive(reply('Ada <ada@uni-a.example>'), { verdicts: PASS })).outcome).toBe('commented');
  });

  it('refuses a message with two From headers or two addresses in From', async () => {
    for (const message of [reply('ada@uni-a.example', ['From: mallory@evil.example']), reply('ada@uni-a.example, mallory@evil.example')]) {
      const w = world();
      expect((await w.receive(message, { verdicts: PASS })).outcome).toBe('ambiguous-sender');
      expect(w.comments).toEqual([]);
    }
  });
});

describe('who may write to a case', () => {
  it('an outsider writes nothing to the timeline: a log line only', async () => {
    const w = world();
    expect((await w.receive(reply('mallory@evil.example'), { verdicts: PASS })).outcome).toBe('refused-sender');
    expect(w.appended).toEqual([]);
    expect(w.comments).toEqual([]);
    expect(w.logged.some((l) => l.outcome === 'refused-sender')).toBe(true);
  });

  it('only the contact moves the status; a watcher comments only; the author is who the case knows, not the display name', async () => {
    const w = world();
    await w.receive(reply('"Support Director" <ada@uni-a.example>'), { verdicts: PASS });
    await w.receive(reply('"Ada Lovelace" <it-support@uni-a.example>'), { verdicts: PASS });
    expect(w.comments.map((c) => [c.principal.name, c.input.movesStatus])).toEqual([
      ['Ada Lovelace (by email)', true],
      ['it-support@uni-a.example (by email)', false],
    ]);
  });

  it('X-Loop and X-Auto-Response-Suppress mark automatic mail', async () => {
    for (const header of ['X-Loop: help@support.vendor.example', 'X-Auto-Response-Suppress: All']) {
      const w = world();
      expect((await w.receive(reply('ada@uni-a.example', [header]), { verdicts: PASS })).outcome).toBe('auto-reply');
      expect(w.comments).toEqual([]);
    }
  });
});

describe('permanent failures are not retried', () => {
  it('a message the MIME parser cannot read is "unparseable", logged, not thrown', async () => {
    const w = world({ parser: { parse: async () => { throw new Error('Maximum MIME nesting depth of 50 levels exceeded'); } } });
    const received = await w.receive(reply('ada@uni-a.example'), { verdicts: PASS });
    expect(received.outcome).toBe('unparseable');
    expect(isPermanentRefusal(received.outcome)).toBe(true);
  });

  it('a message nested deeper than 50 levels, through the real parser, is "unparseable"', async () => {
    const parts = Array.from({ length: 60 }, (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n`).join('');
    const message = raw(['From: ada@uni-a.example', 'Subject: deep', 'Content-Type: multipart/mixed; boundary="b0"'], `${parts}--b60\r\nContent-Type: text/plain\r\n\r\nx`);
    expect((await world().receive(message, { verdicts: PASS })).outcome).toBe('unparseable');
  });

  it('the same Message-ID with other content is a "duplicate", not an error to retry', async () => {
    const w = world({ addComment: async () => { throw new DomainError('idempotency-key-reused', 'reused'); } });
    expect((await w.receive(reply('ada@uni-a.example'), { verdicts: PASS })).outcome).toBe('duplicate');
  });
});

describe('the answer to a message that names no case', () => {
  it('greets no one by the claimed display name, and answers an address once per UTC day', async () => {
    const w = world();
    expect((await w.receive(noCase('"Your Bank: call 0800" <bob@uni-a.example>'), { verdicts: PASS })).outcome).toBe('no-reference-answered');
    expect((await w.receive(noCase('bob@uni-a.example'), { verdicts: PASS })).outcome).toBe('no-reference-ignored');
    expect(w.sent).toHaveLength(1);
    expect(w.sent[0]!.text).toContain('Hello,');
    expect(w.sent[0]!.text).not.toContain('Bank');
    expect(w.seen.has('noref#bob@uni-a.example#2026-11-30')).toBe(true);
    w.later(24 * 3600_000);
    expect((await w.receive(noCase('bob@uni-a.example'), { verdicts: PASS })).outcome).toBe('no-reference-answered');
  });

  it('never answers our own messages coming back, a suppressed address, or an untrusted sender', async () => {
    const w = world({ suppressed: ['carl@uni-a.example'] });
    await w.receive(noCase('bob@uni-a.example', ['In-Reply-To: <noref.abc@support.vendor.example>']), { verdicts: PASS });
    await w.receive(noCase('bob@uni-a.example', ['References: <x@gmail.com> <case-x@support.vendor.example>']), { verdicts: PASS });
    await w.receive(noCase('carl@uni-a.example'), { verdicts: PASS });
    await w.receive(noCase('dan@uni-a.example'), { verdicts: { ...PASS, dmarc: 'FAIL' } });
    expect(w.sent).toEqual([]);
  });
});
