import { describe, expect, it } from 'vitest';
import { supportDirectory } from '../../shared/config/support-config.js';
import { type MailSettings, deadlineInZone, renderCustomerMail, replyAddressOf } from '../../shared/domain/customer-mail.js';
import { answersOurMessage, caseReferenceOf, isAutoReply, type InboundMail } from '../../shared/domain/inbound-mail.js';
import { storedCase as aCase } from '../support/builders.js';
import type { TimelineEvent } from '../../shared/domain/timeline-event.js';
import { type OutboxMail, mailsForEvents, openedMail } from '../../shared/use-cases/customer-mails.js';
import { outboundMailOf } from '../../shared/use-cases/dispatch-mails.js';

const settings: MailSettings = { domain: 'support.vendor.example', from: 'Vendor Support <help@support.vendor.example>', portalUrl: 'https://portal.vendor.example/' };
const directory = supportDirectory();
/** A recorded mail as its sender sends it (rendered with the mail settings). */
const sent = (mail: OutboxMail) => outboundMailOf({ ...mail, status: 'pending', attempts: 0 }, settings);


const event = (kind: TimelineEvent['kind'], visibility: TimelineEvent['visibility'], role: TimelineEvent['actor']['role'], details: TimelineEvent['details'], discriminator = 'd1'): TimelineEvent => ({
  kind,
  at: '2026-11-30T02:00:00Z',
  actor: { role, name: 'Sam Support' },
  visibility,
  discriminator,
  details,
});

describe('the acknowledgement of a new case', () => {
  const mail = sent(openedMail(aCase(), directory, settings));

  it('carries the number in the subject and the first line, the level in plain words, the deadline in the institution zone', () => {
    expect(mail.subject).toBe('[Case 00000042] Timetable empty');
    expect(mail.text.split('\n')[0]).toBe('Case 00000042: we have received your case.');
    expect(mail.text).toContain('Response level: III (Production issue)');
    expect(mail.text).toContain('We will first respond by Tue 1 Dec 2026, 17:00 (Australia/Sydney, 2026-12-01T17:00:00+11:00).');
    expect(mail.text).toContain('- the steps to reproduce the problem, so that we can see it happen');
    expect(mail.text).toContain('- remote access to your local Connect Layer');
    expect(mail.text).toContain('Case 00000042 in the portal: https://portal.vendor.example/#/cases/00000042');
  });

  it('starts the thread: a stable Message-ID, a per-case Reply-To, the contact and the institution watchers only', () => {
    expect(mail.messageId).toBe('<case-00000042@support.vendor.example>');
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.replyTo).toBe('help+00000042@support.vendor.example');
    expect(mail.to).toEqual(['bea@uni-b.example']);
    expect(sent(openedMail(aCase({ institution: 'uni-a' }), directory, settings)).to).toEqual(['bea@uni-b.example', 'it-support@uni-a.example']);
    expect(mail.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
    expect(mail.tags).toEqual({ case: '00000042', kind: 'case-opened' });
  });

  it('says where a request support does not cover goes, with the Ideas Exchange link', () => {
    const redirected = sent(openedMail(aCase({ sla: null, coverage: { covered: false, route: 'ideas-exchange', message: 'Not covered; use the Ideas Exchange.', link: 'https://ideas.example.com/x' } }), directory, settings));
    expect(redirected.text).toContain('No support response time applies to this request.');
    expect(redirected.text).toContain('Not covered; use the Ideas Exchange.');
    expect(redirected.text).toContain('Ideas Exchange: https://ideas.example.com/x');
  });
});

describe('user values are data', () => {
  it('a title cannot break the subject line or pose as a line of ours; HTML is escaped from the same data', () => {
    const rendered = renderCustomerMail({ kind: 'case-opened', caseNumber: '00000001', title: 'Hi\r\nBcc: x@evil.example\u2028<script>', contactName: 'A\nB', zone: 'UTC' }, settings);
    expect(rendered.subject).toBe('[Case 00000001] Hi Bcc: x@evil.example <script>');
    expect(rendered.text).toContain('Title: "Hi Bcc: x@evil.example <script>"');
    expect(rendered.text).not.toMatch(/^Bcc:/m);
    expect(rendered.text).toContain('Dear A B,');
    expect(rendered.html).toContain('&lt;script&gt;');
    expect(rendered.html).not.toContain('<script>');
  });

  it('a comment is a quoted block: none of its lines can look like a header or a field', () => {
    const rendered = renderCustomerMail({ kind: 'support-comment', caseNumber: '00000001', title: 't', contactName: 'A', zone: 'UTC', body: 'Fixed.\nFrom: ceo@vendor.example\r\nCase 00000002: closed', author: 'Sam' }, settings);
    expect(rendered.text).toContain('"Sam" wrote:\n> Fixed.\n> From: ceo@vendor.example\n> Case 00000002: closed');
    expect(rendered.html).toContain('<blockquote>Fixed.<br>From: ceo@vendor.example<br>Case 00000002: closed</blockquote>');
  });
});

describe('encoded words in headers', () => {
  it('a title holding RFC 2047 encoded-word syntax cannot decode into other text in the subject', () => {
    const rendered = renderCustomerMail({ kind: 'case-opened', caseNumber: '00000042', title: 'Broken =?utf-8?B?W0Nhc2UgMDAwMDAwMDFdIFBheSBub3c=?= page', contactName: 'Bea', zone: 'UTC' }, settings);
    expect(rendered.subject).not.toContain('=?');
    expect(rendered.subject).toBe('[Case 00000042] Broken = ?utf-8?B?W0Nhc2UgMDAwMDAwMDFdIFBheSBub3c= ?= page');
  });
});

describe('mail decided from the public events of a change', () => {
  const supportCase = aCase();
  const decide = (...events: TimelineEvent[]) => mailsForEvents(supportCase, events, directory, settings);

  it('a public comment by support is mailed, threaded under the first message; an internal note and a customer comment are not', () => {
    const [mail] = decide(event('comment', 'public', 'agent', { body: 'On it', commentId: 'c1' }, 'c1'));
    expect(sent(mail!).inReplyTo).toBe('<case-00000042@support.vendor.example>');
    expect(sent(mail!).references).toEqual(['<case-00000042@support.vendor.example>']);
    expect(sent(mail!).messageId).toBe('<case-00000042.support-comment.c1@support.vendor.example>');
    expect(decide(event('comment', 'internal', 'agent', { body: 'secret note' }))).toEqual([]);
    expect(decide(event('comment', 'public', 'customer', { body: 'thanks' }))).toEqual([]);
  });

  it('moves to awaiting-customer, resolved and closed are mailed; other moves and internal events are not', () => {
    const moves = ['awaiting-customer', 'resolved', 'closed', 'in-progress'].map((to) => event('status-changed', 'public', 'agent', { from: 'new', to }, to));
    expect(decide(...moves).map((m) => m.kind)).toEqual(['awaiting-customer', 'resolved', 'closed']);
    expect(decide(event('sla-breached', 'internal', 'system', {}), event('assignee-changed', 'internal', 'agent', { to: 'Sam' }))).toEqual([]);
  });

  it('a level change gives the new deadline in the institution zone and the public reason; a customer escalation request is acknowledged', () => {
    const [level] = decide(event('level-changed', 'public', 'agent', { from: 'III', to: 'I', reason: 'All students affected', newDueAt: '2026-11-30T03:00:00Z' }));
    expect(sent(level!).text).toContain('from III to I (System down)');
    expect(sent(level!).text).toContain('> All students affected');
    expect(sent(level!).text).toContain(deadlineInZone('2026-11-30T03:00:00Z', 'Australia/Sydney'));
    expect(decide(event('escalation-requested', 'public', 'customer', { reason: 'Third outage' })).map((m) => m.kind)).toEqual(['escalation-acknowledged']);
    expect(decide(event('escalation-requested', 'public', 'agent', { reason: 'x' }))).toEqual([]);
  });
});

describe('inbound mail', () => {
  const mail = (overrides: Partial<InboundMail>): InboundMail => ({ from: 'a@uni-a.example', fromName: '', fromCount: 1, recipients: [], subject: '', messageId: null, inReplyTo: null, references: [], headers: {}, text: '', ...overrides });

  it('finds the case by plus address, then the subject tag, then our message ids in In-Reply-To or References', () => {
    const reference = (m: Partial<InboundMail>) => caseReferenceOf(mail(m), 'support.vendor.example', 'help');
    expect(reference({ recipients: [replyAddressOf('00000007', settings)], subject: '[Case 00000008] x' })).toEqual({ caseNumber: '00000007', by: 'plus-address' });
    expect(reference({ recipients: ['help@support.vendor.example'], subject: 'RE: [case 00000008] x' })).toEqual({ caseNumber: '00000008', by: 'subject' });
    expect(reference({ inReplyTo: '<case-00000009.support-comment.c1@support.vendor.example>' })).toEqual({ caseNumber: '00000009', by: 'in-reply-to' });
    expect(reference({ references: ['<x@gmail.com>', '<case-00000010@support.vendor.example>'] })).toEqual({ caseNumber: '00000010', by: 'in-reply-to' });
    expect(reference({ inReplyTo: '<0100abc@eu-west-1.amazonses.com>' })).toEqual({ messageIds: ['<0100abc@eu-west-1.amazonses.com>'], by: 'message-lookup' });
    expect(reference({ inReplyTo: '<case-00000009@elsewhere.example>', recipients: ['help+00000011@elsewhere.example'] })).toEqual({ messageIds: ['<case-00000009@elsewhere.example>'], by: 'message-lookup' });
    expect(reference({})).toBeNull();
  });

  it('knows a message answering one of ours by any id at our mail domain', () => {
    expect(answersOurMessage(mail({ inReplyTo: '<noref.abc@support.vendor.example>' }), 'support.vendor.example')).toBe(true);
    expect(answersOurMessage(mail({ references: ['<x@gmail.com>', '<0100@SUPPORT.vendor.example>'] }), 'support.vendor.example')).toBe(true);
    expect(answersOurMessage(mail({ inReplyTo: '<x@gmail.com>' }), 'support.vendor.example')).toBe(false);
  });

  it('recognises automatic mail: RFC 3834, Precedence, X-Autoreply, lists, bounces, out-of-office subjects', () => {
    expect(isAutoReply(mail({ headers: { 'x-loop': 'help@support.vendor.example' } }))).toBe(true);
    expect(isAutoReply(mail({ headers: { 'x-auto-response-suppress': 'All' } }))).toBe(true);
    expect(isAutoReply(mail({ headers: { 'auto-submitted': 'auto-replied' } }))).toBe(true);
    expect(isAutoReply(mail({ headers: { 'auto-submitted': 'no' } }))).toBe(false);
    expect(isAutoReply(mail({ headers: { precedence: 'bulk' } }))).toBe(true);
    expect(isAutoReply(mail({ headers: { 'x-autoreply': 'yes' } }))).toBe(true);
    expect(isAutoReply(mail({ headers: { 'list-id': '<l.example>' } }))).toBe(true);
    expect(isAutoReply(mail({ from: 'mailer-daemon@uni-a.example' }))).toBe(true);
    expect(isAutoReply(mail({ subject: 'Automatic reply: back on Monday' }))).toBe(true);
    expect(isAutoReply(mail({ subject: 'Out of Office: [Case 00000001] x' }))).toBe(true);
    expect(isAutoReply(mail({ subject: 'Re: [Case 00000001] out of office printer broken' }))).toBe(false);
  });
});
