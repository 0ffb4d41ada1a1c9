import { describe, expect, it } from 'vitest';
import { mailSettings } from '../support/mail.js';
import type { Principal } from '../../shared/domain/principal.js';
import type { MailSender, OutboundMail } from '../../shared/ports/mail-sender.js';
import { feedbackOf } from '../../functions/mail-feedback.js';
import { caseInput, customerOf } from '../support/builders.js';
import { slaWorld } from '../support/sla-world.js';

const agent: Principal = { sub: 'agent-1', role: 'agent', name: 'Sam Support', institution: null };

/** Stands in for SES: fails the first `failures` attempts of every message (throttling), records what it accepted. */
function flakySes(failures: number) {
  const attempts = new Map<string, number>();
  const accepted: OutboundMail[] = [];
  let failed = 0;
  const sender: MailSender = {
    async send(mail) {
      const attempt = (attempts.get(mail.messageId) ?? 0) + 1;
      attempts.set(mail.messageId, attempt);
      if (attempt <= failures) {
        failed++;
        throw Object.assign(new Error('injected: SES is throttling'), { name: 'TooManyRequestsException' });
      }
      accepted.push(mail);
      return { messageId: `<ses-${accepted.length}@eu-west-2.amazonses.com>` };
    },
  };
  return { sender, accepted, failed: () => failed };
}

describe('customer mail is never lost and never sent twice when SES fails', () => {
  const CASES = 40;

  it(`over ${CASES} cases, SendEmail failing 3 times per message: every acknowledgement and public answer is sent exactly once, internal notes never`, async () => {
    const ses = flakySes(3);
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z', mail: { sender: ses.sender, settings: mailSettings } });
    const expected: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const { supportCase } = await world.deps.openCase(customerOf(i % 2 === 0 ? 'uni-a' : 'uni-b'), caseInput({ title: `case ${i}`, impact: 'degraded' }));
      const n = supportCase.caseNumber;
      await world.deps.addComment(agent, n, { body: `internal ${i}`, visibility: 'internal' });
      const { comment } = await world.deps.addComment(agent, n, { body: `public ${i}`, visibility: 'public' });
      expected.push(`<case-${n}@${mailSettings.domain}>`, `<case-${n}.support-comment.${comment.discriminator}@${mailSettings.domain}>`);
      await world.timeline.advanceBy(5_000);
    }
    // The sweeper, every minute as the EventBridge rule runs it, retries what failed.
    await world.timeline.advanceBy(10 * 60_000, () => world.deps.sweep());

    const sentIds = ses.accepted.map((m) => m.messageId);
    expect(ses.failed()).toBe(expected.length * 3);
    expect(sentIds.length - new Set(sentIds).size).toBe(0);
    expect(new Set(sentIds)).toEqual(new Set(expected));
    expect(ses.accepted.map((m) => `${m.subject}\n${m.text}`).join('\n')).not.toContain('internal ');
    // Each send is recorded once on its case, with the id SES gave it.
    const [first] = await world.items(ses.accepted[0]!.tags!.case!, 'EVENT#');
    expect(first).toBeDefined();
    const recorded = (await Promise.all([...new Set(ses.accepted.map((m) => m.tags!.case!))].map((n) => world.items(n, 'EVENT#')))).flat().filter((e) => e.kind === 'mail-sent');
    expect(recorded).toHaveLength(expected.length);
    expect(recorded.every((e) => e.visibility === 'internal' && String((e.details as Record<string, unknown>).messageId).endsWith('amazonses.com>'))).toBe(true);
  }, 240_000);

  it('a complaint stops mail to that address (recorded on the case); a bounce is recorded; a repeated notice is recorded once', async () => {
    const ses = flakySes(0);
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z', mail: { sender: ses.sender, settings: mailSettings } });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'degraded' }));
    const n = supportCase.caseNumber;
    const notice = (eventType: string, body: Record<string, unknown>) => JSON.stringify({ eventType, mail: { messageId: `ses-${eventType}`, tags: { case: [n], kind: ['case-opened'] } }, ...body });
    const complaint = feedbackOf(notice('Complaint', { complaint: { complainedRecipients: [{ emailAddress: 'ada@uni-a.example' }] } }))!;
    const bounce = feedbackOf(notice('Bounce', { bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'it-support@uni-a.example' }] } }))!;
    expect(feedbackOf(notice('Delivery', {}))).toBeUndefined();
    expect(await world.deps.recordMailFeedback(complaint)).toBe('recorded');
    expect(await world.deps.recordMailFeedback(complaint)).toBe('duplicate');
    expect(await world.deps.recordMailFeedback(bounce)).toBe('recorded');

    await world.deps.addComment(agent, n, { body: 'Answer', visibility: 'public' });
    expect(ses.accepted.map((m) => m.to)).toEqual([['ada@uni-a.example', 'it-support@uni-a.example'], ['it-support@uni-a.example']]);
    const events = await world.items(n, 'EVENT#');
    // Both recorded at the same instant: the timeline orders them by kind and id.
    expect(events.filter((e) => e.kind === 'mail-bounced').map((e) => [e.visibility, (e.details as Record<string, unknown>).type, (e.details as Record<string, unknown>).addresses])).toEqual([
      ['internal', 'bounce', 'it-support@uni-a.example'],
      ['internal', 'complaint', 'ada@uni-a.example'],
    ]);
    expect(events.filter((e) => e.kind === 'mail-sent').map((e) => (e.details as Record<string, unknown>).notSentTo)).toEqual(['', 'ada@uni-a.example']);
  }, 120_000);
});
