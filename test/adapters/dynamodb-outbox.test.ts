import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { alertItem, mailItem } from '../../shared/adapters/dynamodb/items.js';
import type { OutboundAlert } from '../../shared/domain/alert-message.js';
import type { OutboxAlert, OutboxMail } from '../../shared/ports/case-update-store.js';
import type { RenderedOutboxMail } from '../../shared/ports/outbox.js';
import { caseInput, customerOf } from '../support/builders.js';
import { recordingMail, mailSettings as settings } from '../support/mail.js';
import { slaWorld } from '../support/sla-world.js';

/**
 * The outbox on DynamoDB Local holds customer mail and alerts as changes record them now (facts, rendered by the
 * sender when it sends) and, after a deploy, items recorded by the release before (already rendered): both are read
 * and sent, the rendered ones exactly as they were recorded.
 */
const START = '2026-11-30T10:00:00Z';

describe('the outbox against DynamoDB Local, across the deploy that moved rendering to the sender', () => {
  it('records facts, not words; sends items of both shapes, the rendered ones exactly as recorded', async () => {
    const mail = recordingMail();
    // As in AWS: intake only records; nothing is sent until the sweeper (here) or follow-up takes the items.
    const world = await slaWorld({ start: START, mail: { sender: mail.sender, settings }, stream: true });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'service-down', title: 'App down' }));
    const n = supportCase.caseNumber;

    const [recordedMail] = await world.items(n, 'MAIL#');
    const [recordedAlert] = await world.items(n, 'ALERT#');
    expect(recordedMail).toMatchObject({ status: 'pending', messageId: `<case-${n}@${settings.domain}>`, to: ['ada@uni-a.example', 'it-support@uni-a.example'], facts: { kind: 'case-opened', title: 'App down' } });
    expect(recordedMail).not.toHaveProperty('mail');
    expect(recordedAlert).toMatchObject({ status: 'pending', alertId: 'case-opened#oncall', facts: { kind: 'case-opened', level: 'I', title: 'App down' } });
    expect(recordedAlert).not.toHaveProperty('subject');

    const before: RenderedOutboxMail = {
      mailId: 'support-comment-ev1',
      caseNumber: n,
      kind: 'support-comment',
      mail: {
        messageId: `<case-${n}.support-comment.ev1@${settings.domain}>`,
        from: settings.from,
        to: ['ada@uni-a.example'],
        replyTo: `support+${n}@${settings.domain}`,
        subject: `[Case ${n}] App down`,
        text: `Case ${n}: support has answered.\n\nWords rendered by the release before.\n`,
        html: '<!doctype html><html><body>\n<p>Words rendered by the release before.</p>\n</body></html>',
        inReplyTo: `<case-${n}@${settings.domain}>`,
        references: [`<case-${n}@${settings.domain}>`],
        headers: { 'Auto-Submitted': 'auto-generated' },
        tags: { case: n, kind: 'support-comment' },
      },
    };
    const alertBefore: OutboundAlert = {
      alertId: 'escalation-requested-ev2#management',
      caseNumber: n,
      topic: 'management',
      subject: `${n} Level I escalation requested: App down`,
      sms: `${n} LI ESCALATION REQUESTED uni-a: App down`,
      email: `Case ${n}: rendered by the release before\n`,
      attributes: { level: 'I', kind: 'escalation-requested', caseNumber: n },
    };
    // Written as the release before wrote them: the same outbox items, the rendered message in place of the facts
    // (the item functions spread what they are given, so the casts only get past today's types).
    const at = '2026-11-30T10:00:01.000Z';
    await world.client.send(new PutItemCommand({ TableName: world.tableName, Item: mailItem(before as unknown as OutboxMail, at) }));
    await world.client.send(new PutItemCommand({ TableName: world.tableName, Item: alertItem(alertBefore as unknown as OutboxAlert, at) }));

    await world.timeline.advanceBy(60_000, () => world.deps.sweep());

    // Recorded as facts: rendered when sent, with the sender's mail settings.
    const opened = mail.sent.find((m) => m.messageId === `<case-${n}@${settings.domain}>`);
    expect(opened).toMatchObject({
      from: settings.from,
      to: ['ada@uni-a.example', 'it-support@uni-a.example'],
      replyTo: `support+${n}@${settings.domain}`,
      subject: `[Case ${n}] App down`,
      headers: { 'Auto-Submitted': 'auto-generated' },
      tags: { case: n, kind: 'case-opened' },
    });
    expect(opened!.text.split('\n')[0]).toBe(`Case ${n}: we have received your case.`);
    expect(opened!.inReplyTo).toBeUndefined();
    // Recorded rendered: sent as it was recorded.
    expect(mail.sent.find((m) => m.messageId === before.mail.messageId)).toEqual(before.mail);
    expect(mail.sent).toHaveLength(2);

    const alerts = world.sentAlerts();
    expect(alerts).toHaveLength(2);
    const openedAlert = alerts.find((a) => a.alertId === 'case-opened#oncall')!;
    expect(openedAlert.subject).toBe(`${n} Level I case opened: App down`);
    expect(openedAlert.sms.startsWith(`${n} LI OPENED uni-a due `)).toBe(true);
    expect(openedAlert.email.split('\n')[0]).toBe(`Case ${n}: Level I case opened`);
    expect(openedAlert.attributes).toEqual({ level: 'I', kind: 'case-opened', caseNumber: n });
    const { sentAt: _sentAt, status: _status, ...sentBefore } = alerts.find((a) => a.alertId === alertBefore.alertId)! as OutboundAlert & { sentAt: string; status: string };
    expect(sentBefore).toEqual(alertBefore);

    const items = [...(await world.items(n, 'MAIL#')), ...(await world.items(n, 'ALERT#'))];
    expect(items.map((item) => item.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  }, 60_000);
});
