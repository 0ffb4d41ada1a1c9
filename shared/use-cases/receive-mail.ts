import { createHash } from 'node:crypto';
import { type MailSettings, addressOf, renderCustomerMail } from '../domain/customer-mail.js';
import { type InboundMail, answersOurMessage, caseReferenceOf, isAutoReply } from '../domain/inbound-mail.js';
import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import { cleanText } from '../domain/plain-text.js';
import { visibleReply } from '../domain/reply-text.js';
import type { Principal } from '../domain/principal.js';
import type { SupportCase } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import { SYSTEM_ACTOR } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { Outbox } from '../ports/outbox.js';
import type { Clock } from '../ports/clock.js';
import type { MailParser } from '../ports/mail-parser.js';
import type { MailSender } from '../ports/mail-sender.js';
import type { Metrics } from '../ports/metrics.js';
import type { CommentOutcome } from './case-updates.js';
import { isOwnAddress, recipientsOf } from './customer-mails.js';

/** Inbound messages larger than this are refused (10 MB). */
export const INBOUND_MAX_BYTES = 10 * 1024 * 1024;
/** The longest comment a reply becomes (the API's limit). */
const COMMENT_MAX = 20_000;

/** SES's verdicts on a received message (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, `DISABLED`). */
export interface MailVerdicts {
  readonly spf?: string | undefined;
  readonly dkim?: string | undefined;
  readonly dmarc?: string | undefined;
  readonly spam?: string | undefined;
  readonly virus?: string | undefined;
}

/**
 * A sender is trusted only when DMARC passed (the From domain is authenticated) and the spam and virus scans passed:
 * `GRAY`, `PROCESSING_FAILED`, `DISABLED` or a missing verdict is not a pass.
 */
export const isTrusted = (verdicts: MailVerdicts | undefined): boolean =>
  verdicts?.dmarc === 'PASS' && verdicts.spam === 'PASS' && verdicts.virus === 'PASS';

/** Outcomes that refuse the message for good: a retry or a resend would be refused again (SMTP answers 554). */
const PERMANENT_REFUSALS: ReadonlySet<InboundOutcome> = new Set(['unparseable', 'refused-verdict', 'ambiguous-sender']);
export const isPermanentRefusal = (outcome: InboundOutcome): boolean => PERMANENT_REFUSALS.has(outcome);

export type InboundOutcome =
  | 'commented'
  | 'duplicate'
  | 'too-large'
  | 'refused-verdict'
  | 'unparseable'
  | 'ambiguous-sender'
  | 'auto-reply'
  | 'own-message'
  | 'unknown-case'
  | 'refused-sender'
  | 'empty-reply'
  | 'no-reference-answered'
  | 'no-reference-ignored';

export interface ReceivedMail {
  readonly outcome: InboundOutcome;
  readonly caseNumber: string | null;
}

/** What a message says, as the parse CLI prints it. */
export interface ParsedReply {
  readonly caseNumber: string | null;
  readonly from: string;
  readonly autoReply: boolean;
  readonly reply: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The case reference, sender, auto-reply flag and visible new text of a parsed message (no store needed: ids of SES's are not looked up). */
export function readReply(mail: InboundMail, settings: MailSettings): ParsedReply {
  const reference = caseReferenceOf(mail, settings.domain, localPartOf(settings));
  return {
    caseNumber: reference && 'caseNumber' in reference ? reference.caseNumber : null,
    from: mail.from,
    autoReply: isAutoReply(mail),
    reply: visibleReply(mail.text),
  };
}

const localPartOf = (settings: MailSettings) => addressOf(settings.from).split('@')[0] ?? 'support';

/**
 * A customer's emailed reply becomes a public customer comment, with the same
 * rules as `POST /cases/{n}/comments` and idempotent on the message (a
 * redelivered mail adds one comment). Refused: mail failing SES's verdicts,
 * too large, automatic (no comment, no answer: no loop), our own, from anyone
 * but the case's contact or a watcher of its institution (recorded on the
 * case). A message from a known institution address that names no case gets
 * one reply saying how to open a case.
 */
export function makeReceiveMail(deps: {
  readonly cases: Pick<CaseReader, 'getCase'>;
  readonly updates: Pick<CaseUpdateStore, 'appendEvents'>;
  readonly outbox: Pick<Outbox, 'firstSeen' | 'caseOfMessage' | 'suppressedAddresses'>;
  readonly addComment: (principal: Principal, caseNumber: string, input: { body: string; visibility: 'public'; movesStatus: boolean }, idempotencyKey?: string) => Promise<CommentOutcome>;
  readonly parser: MailParser;
  readonly sender: MailSender;
  readonly directory: SupportDirectory;
  readonly settings: MailSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}) {
  const { cases, updates, outbox, directory, settings, clock } = deps;

  const done = (outcome: InboundOutcome, caseNumber: string | null, detail: Record<string, unknown> = {}): ReceivedMail => {
    deps.logger.info('inbound mail', { outcome, caseNumber, ...detail });
    deps.metrics.count('MailsReceived', 1, { Outcome: outcome });
    return { outcome, caseNumber };
  };

  /** An internal note on the case of a message that added nothing (recorded once per message). */
  const recordRefusal = async (supportCase: SupportCase, mail: InboundMail, key: string, reason: string) => {
    const at = formatInstant(clock.now());
    if (!(await outbox.firstSeen(`refused#${key}`, at))) return;
    await updates.appendEvents(supportCase.caseNumber, [
      { kind: 'mail-received', at, actor: SYSTEM_ACTOR, visibility: 'internal', discriminator: key.slice(0, 16), details: { from: mail.from, subject: mail.subject.slice(0, 200), added: false, reason } },
    ]);
  };

  const findCase = async (mail: InboundMail): Promise<string | null> => {
    const reference = caseReferenceOf(mail, settings.domain, localPartOf(settings));
    if (!reference) return null;
    if ('caseNumber' in reference) return reference.caseNumber;
    for (const id of reference.messageIds) {
      const found = await outbox.caseOfMessage(id);
      if (found) return found;
    }
    return null;
  };

  const isKnownAddress = (address: string) => {
    const domain = address.split('@')[1] ?? '';
    return [...directory.institutions.values()].some((i) => i.watchers.includes(address) || i.emailDomains.includes(domain));
  };

  /**
   * One reply per address and UTC day, never to a message answering one of ours (our own mail coming back), never to a
   * suppressed (complained or bounced) address, never greeting by the display name the sender claims.
   */
  const answerWithoutCase = async (mail: InboundMail): Promise<ReceivedMail> => {
    if (!isKnownAddress(mail.from)) return done('no-reference-ignored', null, { from: mail.from });
    if (answersOurMessage(mail, settings.domain)) return done('no-reference-ignored', null, { from: mail.from, reason: 'answers a message of ours' });
    if ((await outbox.suppressedAddresses([mail.from])).has(mail.from)) return done('no-reference-ignored', null, { from: mail.from, reason: 'suppressed address' });
    const now = formatInstant(clock.now());
    const day = now.slice(0, 10);
    if (!(await outbox.firstSeen(`noref#${mail.from}#${day}`, now))) return done('no-reference-ignored', null, { from: mail.from, reason: 'already answered today' });
    const rendered = renderCustomerMail({ kind: 'no-case-reference', caseNumber: '', title: 'How to open a support case', contactName: '', zone: 'UTC' }, settings);
    await deps.sender.send({
      messageId: `<noref.${sha256(`${mail.from}#${day}`).slice(0, 32)}@${settings.domain}>`,
      from: settings.from,
      to: [mail.from],
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      ...(mail.messageId ? { inReplyTo: mail.messageId, references: [mail.messageId] } : {}),
      headers: { 'Auto-Submitted': 'auto-replied' },
      tags: { kind: 'no-case-reference' },
    });
    return done('no-reference-answered', null, { from: mail.from });
  };

  return async function receiveMail(raw: Uint8Array, options: { readonly recipients?: readonly string[]; readonly verdicts?: MailVerdicts } = {}): Promise<ReceivedMail> {
    if (raw.byteLength > INBOUND_MAX_BYTES) return done('too-large', null, { bytes: raw.byteLength });
    if (!isTrusted(options.verdicts)) {
      const v = options.verdicts ?? {};
      return done('refused-verdict', null, { dmarc: v.dmarc ?? 'missing', spam: v.spam ?? 'missing', virus: v.virus ?? 'missing' });
    }
    let mail: InboundMail;
    try {
      mail = await deps.parser.parse(raw, options.recipients ?? []);
    } catch (error) {
      // A message the MIME parser cannot read (nesting too deep, …) will not read better on a retry.
      return done('unparseable', null, { bytes: raw.byteLength, error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
    }
    if (mail.fromCount !== 1) return done('ambiguous-sender', null, { fromCount: mail.fromCount });
    if (isOwnAddress(mail.from, settings)) return done('own-message', null);
    if (isAutoReply(mail)) return done('auto-reply', null, { from: mail.from });
    const key = sha256(mail.messageId ?? raw);

    const caseNumber = await findCase(mail);
    if (caseNumber === null) return answerWithoutCase(mail);
    const supportCase = await cases.getCase(caseNumber);
    if (!supportCase) return done('unknown-case', caseNumber, { from: mail.from });

    // Outsiders write nothing to the case: a log line only.
    if (!recipientsOf(supportCase, directory).includes(mail.from)) return done('refused-sender', caseNumber, { from: mail.from });
    const body = cleanText(visibleReply(mail.text), COMMENT_MAX, { lines: true });
    if (body === '') {
      await recordRefusal(supportCase, mail, key, 'the message held no new text');
      return done('empty-reply', caseNumber);
    }
    const isContact = mail.from === supportCase.contact.email.toLowerCase();
    // The author is who the case knows: the contact's recorded name, or the watcher's address (never the display name the sender claims).
    const name = cleanText(isContact ? supportCase.contact.name : mail.from, 100, { lines: false });
    const principal: Principal = { sub: `mail:${mail.from}`, role: 'customer', name: `${name} (by email)`, institution: supportCase.institution };
    try {
      // Only the contact moves the case on (awaiting-customer → in-progress); a watcher's reply is a comment only.
      const result = await deps.addComment(principal, caseNumber, { body, visibility: 'public', movesStatus: isContact }, `mail-${key}`);
      return done(result.replayed ? 'duplicate' : 'commented', caseNumber, { by: 'email' });
    } catch (error) {
      // The same Message-ID with other content: a resend of a message already taken, not something to retry.
      if (error instanceof DomainError && error.code === 'idempotency-key-reused') return done('duplicate', caseNumber, { by: 'email', reason: 'message id reused' });
      throw error;
    }
  };
}

export type ReceiveMail = ReturnType<typeof makeReceiveMail>;
