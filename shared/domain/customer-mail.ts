import { quoted, quotedBlock } from './alert-message.js';
import { formatInZone } from './instant-text.js';
import type { ResponseLevel } from './support-policy.js';

/**
 * What the customer is told by email, rendered by the sender of the outbox from the facts the change recorded
 * (only the functions that send customer mail bundle this module; what a change records is in customer-mails.ts).
 * Words people wrote (title, comment, reason) are data: in the plain text a
 * title is a quoted string and a comment a `> ` block, so neither can pose as a
 * line of ours; the HTML part is escaped from the same data. The subject starts
 * with `[Case 00000001]` and the body's first line names the case.
 */
export const CUSTOMER_MAIL_KINDS = ['case-opened', 'support-comment', 'awaiting-customer', 'resolved', 'closed', 'level-changed', 'escalation-acknowledged', 'no-case-reference'] as const;
export type CustomerMailKind = (typeof CUSTOMER_MAIL_KINDS)[number];

/** Addresses and links every message is built with (from configuration). */
export interface MailSettings {
  /** The domain mail is sent from and received at, e.g. `support.example.com`. */
  readonly domain: string;
  /** The From address, e.g. `Support <support@support.example.com>`; its local part makes the per-case reply address. */
  readonly from: string;
  /** The portal's base URL; a case's page is `<portalUrl>/#/cases/<number>`. */
  readonly portalUrl: string;
}

export interface CustomerMailFacts {
  readonly kind: CustomerMailKind;
  readonly caseNumber: string;
  readonly title: string;
  readonly contactName: string;
  readonly levelName?: string | undefined;
  readonly level?: ResponseLevel | undefined;
  /** First-response deadline (UTC) and the zone of the contact's institution it is shown in. */
  readonly dueAt?: string | null | undefined;
  readonly zone: string;
  /** What support still needs, in plain words, each with why. */
  readonly missing?: readonly string[] | undefined;
  /** Not covered, or covered with a pointer elsewhere: the policy's message and link. */
  readonly coverageNote?: { readonly message: string; readonly link?: string | undefined } | undefined;
  /** A public comment by support, or the public reason of a level change. */
  readonly body?: string | undefined;
  readonly author?: string | undefined;
  readonly previousLevel?: ResponseLevel | undefined;
}

export interface RenderedCustomerMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Why support asks for each missing item (the policy's words). */
export const MISSING_EXPLAINED: Readonly<Record<string, string>> = {
  'app-credentials': 'working app credentials, so that we can sign in as an affected user',
  scenario: 'the steps to reproduce the problem, so that we can see it happen',
  'remote-access': 'remote access to your local Connect Layer, so that we can look at it where it runs',
};

/** The address part of the From setting (`Support <support@x>` → `support@x`). */
export function addressOf(mailbox: string): string {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailbox);
  return (match ? match[1]! : mailbox.trim()).toLowerCase();
}

/** The per-case reply address: `support+00000001@<domain>`; a reply routes to the case whatever its subject says. */
export function replyAddressOf(caseNumber: string, settings: Pick<MailSettings, 'from' | 'domain'>): string {
  const local = addressOf(settings.from).split('@')[0] ?? 'support';
  return `${local}+${caseNumber}@${settings.domain}`;
}

export const caseLinkOf = (caseNumber: string, settings: Pick<MailSettings, 'portalUrl'>): string => `${settings.portalUrl.replace(/\/+$/, '')}/#/cases/${caseNumber}`;

/** Subject lines stay on one line and within what mail clients show; the tag always survives. */
const SUBJECT_TITLE_MAX = 120;

function oneLine(text: string): string {
  return JSON.parse(quoted(text)) as string;
}

/**
 * Text from users in a header: one line, and no RFC 2047 encoded word (`=?charset?B?…?=`), which a mail client would
 * decode into other text than the one shown to us: `=?` becomes `= ?`.
 */
export function headerText(text: string): string {
  return oneLine(text).replace(/=\?/g, '= ?');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon 30 Nov 2026, 17:30 (Europe/London, 2026-11-30T17:30:00+00:00)`: readable, and exact (the same on every machine). */
export function deadlineInZone(dueAt: string, zone: string): string {
  const local = formatInZone(Date.parse(dueAt), zone);
  const [, y, m, d, time] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(local) ?? [];
  if (!y || !m || !d || !time) return `${local} (${zone})`;
  const weekday = WEEKDAYS[new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDay()];
  return `${weekday} ${Number(d)} ${MONTHS[Number(m) - 1]} ${y}, ${time} (${zone}, ${local})`;
}

type Block = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'quote'; readonly text: string } | { readonly kind: 'link'; readonly label: string; readonly url: string } | { readonly kind: 'gap' };

const line = (text: string): Block => ({ kind: 'line', text });
const gap: Block = { kind: 'gap' };

const HEADLINE: Record<CustomerMailKind, string> = {
  'case-opened': 'we have received your case',
  'support-comment': 'support has answered',
  'awaiting-customer': 'support is waiting for your answer',
  resolved: 'your case is resolved',
  closed: 'your case is closed',
  'level-changed': 'the response level of your case has changed',
  'escalation-acknowledged': 'we have received your escalation request',
  'no-case-reference': 'we could not tell which case your message is about',
};

function blocksOf(facts: CustomerMailFacts, settings: MailSettings): Block[] {
  const due = facts.dueAt ? `We will first respond by ${deadlineInZone(facts.dueAt, facts.zone)}.` : null;
  const replyHint = line('Reply to this message to add to the case; please keep [Case ' + facts.caseNumber + '] in the subject.');
  switch (facts.kind) {
    case 'case-opened':
      return [
        line(`Title: ${quoted(facts.title)}`),
        line(`Response level: ${facts.level ?? ''} (${facts.levelName ?? ''})`),
        ...(due ? [line(due)] : [line('No support response time applies to this request.')]),
        ...(facts.coverageNote ? [gap, line(facts.coverageNote.message), ...(facts.coverageNote.link ? [{ kind: 'link', label: 'Ideas Exchange', url: facts.coverageNote.link } as Block] : [])] : []),
        ...((facts.missing ?? []).length > 0
          ? [gap, line('To work on your case we still need:'), ...(facts.missing ?? []).map((m) => line(`- ${MISSING_EXPLAINED[m] ?? m}`)), line('Please supply them on the case page (never by email: credentials do not belong in mail).')]
          : []),
        gap,
        replyHint,
      ];
    case 'support-comment':
      return [line(`${quoted(facts.author ?? 'Support')} wrote:`), { kind: 'quote', text: facts.body ?? '' }, gap, replyHint];
    case 'awaiting-customer':
      return [line(`Support needs an answer from you before it can go on with ${quoted(facts.title)}.`), line('Reply to this message or comment on the case page.')];
    case 'resolved':
      return [line(`Support has resolved ${quoted(facts.title)}.`), line('If the problem is not solved, reopen the case on its page; a reply to this message is added to the case but does not reopen it.')];
    case 'closed':
      return [line(`The case ${quoted(facts.title)} is closed.`), line('If the problem comes back, reopen the case on its page (or open a new one); a reply to a closed case is recorded but does not reopen it.')];
    case 'level-changed':
      return [
        line(`The response level changed from ${facts.previousLevel ?? ''} to ${facts.level ?? ''} (${facts.levelName ?? ''}).`),
        ...(facts.body ? [line('Reason:'), { kind: 'quote', text: facts.body } as Block] : []),
        ...(due ? [line(due)] : [line('No support response time applies now.')]),
      ];
    case 'escalation-acknowledged':
      return [line(`Your request for management attention on ${quoted(facts.title)} is recorded.`), ...(facts.body ? [line('Reason, as written:'), { kind: 'quote', text: facts.body } as Block] : [])];
    case 'no-case-reference':
      return [
        line('Your message did not name a case, so it was not added to any case and no case was opened.'),
        line('To open a case, use the support portal or the API (POST /cases).'),
        line('If a production service is down, report it there as "service down": only a case opened that way pages our on-call staff.'),
        line('To add to an existing case, reply to one of its messages or keep [Case 00000000] (its number) in the subject.'),
      ];
  }
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' } as Record<string, string>)[ch]};`);

/** Renders the message: subject, plain text and HTML from the same blocks. */
export function renderCustomerMail(facts: CustomerMailFacts, settings: MailSettings): RenderedCustomerMail {
  const tag = facts.kind === 'no-case-reference' ? 'Support' : `Case ${facts.caseNumber}`;
  const title = headerText(facts.title);
  const subject = `[${tag}] ${title.length > SUBJECT_TITLE_MAX ? `${title.slice(0, SUBJECT_TITLE_MAX - 3).trimEnd()}...` : title}`;
  const first = facts.kind === 'no-case-reference' ? `Support: ${HEADLINE[facts.kind]}.` : `Case ${facts.caseNumber}: ${HEADLINE[facts.kind]}.`;
  // A message to an address that named no case greets no one: the display name is the sender's own claim.
  const greeting = facts.kind === 'no-case-reference' ? 'Hello,' : `Dear ${oneLine(facts.contactName)},`;
  const link = facts.kind === 'no-case-reference' ? { label: 'Support portal', url: settings.portalUrl } : { label: `Case ${facts.caseNumber} in the portal`, url: caseLinkOf(facts.caseNumber, settings) };
  const blocks: Block[] = [line(first), gap, line(greeting), gap, ...blocksOf(facts, settings), gap, { kind: 'link', ...link }];

  const text = blocks
    .flatMap((b) => (b.kind === 'gap' ? [''] : b.kind === 'line' ? [b.text] : b.kind === 'quote' ? quotedBlock(b.text) : [`${b.label}: ${b.url}`]))
    .join('\n');
  const html = [
    '<!doctype html><html><body>',
    ...blocks.map((b) =>
      b.kind === 'gap'
        ? ''
        : b.kind === 'line'
          ? `<p>${escapeHtml(b.text)}</p>`
          : b.kind === 'quote'
            ? `<blockquote>${b.text.split(/\r\n|\r|\n/).map(escapeHtml).join('<br>')}</blockquote>`
            : `<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`,
    ),
    '</body></html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html };
}
