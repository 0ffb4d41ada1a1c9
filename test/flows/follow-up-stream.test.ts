import { describe, expect, it } from 'vitest';
import { agent, caseInput, customerOf } from '../support/builders.js';
import { recordingMail, mailSettings as settings } from '../support/mail.js';
import { slaWorld } from '../support/sla-world.js';

/**
 * As in AWS: intake, updates and timers only record what follows (timer items, alert and mail outbox items, page
 * steps), and functions/follow-up carries it out from the table's stream. Here the stream is DynamoDB Local's own,
 * read like Lambda's event source mapping reads it, and the follow-up runs on the local adapters and virtual time
 * (committed policy and rota: on Monday 2026-11-30 at 10:00 London, Ben is the primary).
 */
const START = '2026-11-30T10:00:00Z';
const BEN = '+447700900102';

async function streamWorld() {
  const mail = recordingMail();
  const world = await slaWorld({ start: START, paging: {}, mail: { sender: mail.sender, settings }, stream: true });
  return { world, mail };
}

describe('what a change records is carried out from the table stream', () => {
  it('a level I intake answers having armed, sent and paged nothing; its stream records then do all of it, once', async () => {
    const { world, mail } = await streamWorld();
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'service-down', title: 'App down' }));
    const n = supportCase.caseNumber;
    await world.timeline.advanceBy(10);
    expect(world.localTimers.armed).toBe(0);
    expect(world.sentAlerts()).toEqual([]);
    expect(world.sentPages()).toEqual([]);
    expect(mail.sent).toEqual([]);

    const first = await world.followUpFromStream();
    await world.timeline.advanceBy(10);
    expect(first.retry).toEqual([]);
    expect(first.unreadable).toEqual([]);
    expect(world.sentAlerts()).toEqual([expect.objectContaining({ caseNumber: n, topic: 'oncall', attributes: expect.objectContaining({ kind: 'case-opened' }) })]);
    expect(mail.sent.map((m) => m.messageId)).toEqual([`<case-${n}@${settings.domain}>`]);
    // The first page step was due at once: it ran in the paging function; the other timers have schedules.
    expect(world.sentPages().filter((p) => p.channel === 'sms').map((p) => p.to)).toEqual([BEN]);
    const pendingTimers = (await world.items(n, 'TIMER#')).filter((t) => t.status === 'pending');
    expect(world.localTimers.armed).toBe(pendingTimers.length);
    expect(pendingTimers.map((t) => t.kind)).toEqual(expect.arrayContaining(['warning', 'breach', 'page-2']));

    // Lambda may hand the same records over again (a retry, a second delivery): nothing is sent twice.
    const again = await streamWorldReplay(world);
    expect(again).toBeGreaterThan(0);
    expect(world.sentAlerts()).toHaveLength(1);
    expect(mail.sent).toHaveLength(1);
    expect(world.sentPages().filter((p) => p.channel === 'sms')).toHaveLength(1);
  });

  it('a breach records its alerts and the stream sends them; a first response cancels the timers and the stream deletes their schedules', async () => {
    const { world } = await streamWorld();
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'degraded', title: 'Slow timetable' }));
    const n = supportCase.caseNumber;
    await world.followUpFromStream();
    const armed = world.localTimers.armed;
    expect(armed).toBeGreaterThan(0);

    // The warning timer fires: it records the warning and its alert, and sends nothing itself.
    const warningTimer = (await world.items(n, 'TIMER#')).find((t) => t.kind === 'warning')!;
    await world.timeline.advanceTo(Date.parse(warningTimer.dueAt as string) + 1_000);
    const warning = (await world.items(n, 'ALERT#')).filter((a) => (a.facts as { kind: string }).kind === 'sla-warning');
    expect(warning).toHaveLength(1);
    expect(warning[0]!.status).toBe('pending');
    expect(world.sentAlerts().filter((a) => a.attributes.kind === 'sla-warning')).toEqual([]);
    await world.followUpFromStream();
    expect(world.sentAlerts().filter((a) => a.attributes.kind === 'sla-warning')).toHaveLength(1);

    await world.deps.recordFirstResponse(n, agent);
    const stillArmed = world.localTimers.armed;
    expect(stillArmed).toBeGreaterThan(0);
    await world.followUpFromStream();
    expect(world.localTimers.armed).toBe(0);
    expect((await world.items(n, 'TIMER#')).filter((t) => t.status === 'pending')).toEqual([]);
  });
});

/** Replays every record of the stream from its start: what Lambda does when it retries a whole batch. */
async function streamWorldReplay(world: Awaited<ReturnType<typeof slaWorld>>): Promise<number> {
  const { records } = await world.followUpFromStream({ fromStart: true });
  return records;
}
