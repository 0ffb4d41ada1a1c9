import { describe, expect, it } from 'vitest';
import { pageIdOf } from '../../shared/domain/paging.js';
import { agent, caseInput, customerOf, manager } from '../support/builders.js';
import { type SlaWorld, slaWorld } from '../support/sla-world.js';

/**
 * Paging on DynamoDB Local with the local adapters and virtual time, with the committed policy (config/oncall.json):
 * primary at once, again at +5 and +10 minutes, the secondary at +15, management at +20. On Monday 2026-11-30 at
 * 10:00 London time the rota (weekly from 2026-11-02 09:00) has Ben as primary and Dee as secondary.
 */
const START = '2026-11-30T10:00:00Z';
const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
const BEN = '+447700900102';
const DEE = '+447700900201';
const FAY = '+447700900301';

async function openLevelI(world: SlaWorld) {
  const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'service-down', title: 'App down "everywhere"' }));
  // The first step is due at once: the paging trigger runs it a few milliseconds later.
  await world.timeline.advanceBy(10);
  return supportCase.caseNumber;
}

const smsTo = (world: SlaWorld) => world.sentPages().filter((p) => p.channel === 'sms').map((p) => p.to);

/** The token of the acknowledgement link in the last SMS sent. */
function lastToken(world: SlaWorld): { pageId: string; token: string } {
  const sms = world.sentPages().filter((p) => p.channel === 'sms').at(-1)!;
  const url = new URL(/Ack: (\S+)$/.exec(sms.text)![1]!);
  return { pageId: url.pathname.split('/')[2]!, token: url.searchParams.get('token')! };
}

describe('paging the on-call rota', () => {
  it('pages the primary at once, repeats twice, then the secondary, then management, each step at its own time', async () => {
    const world = await slaWorld({ start: START, paging: {} });
    const n = await openLevelI(world);
    expect(smsTo(world)).toEqual([BEN]);
    // The SMS and the mail of a step are sent in parallel: either may be recorded first.
    const first = world.sentPages();
    expect(first.map((p) => p.channel).sort()).toEqual(['email', 'sms']);
    const firstSms = first.find((p) => p.channel === 'sms')!;
    const firstMail = first.find((p) => p.channel === 'email')!;
    expect(firstSms.text).toMatch(new RegExp(`^${n} LI PAGE uni-a: App down "everywhere" Ack: http://localhost:3000/pages/${n}-1/acknowledge\\?token=`));
    expect(firstMail.subject).toBe(`[Case ${n}] Level I page (on call): App down "everywhere"`);
    expect(firstMail.text).toContain('Title: "App down \\"everywhere\\""');

    await world.timeline.advanceTo(at('2026-11-30T10:04:59Z'));
    expect(smsTo(world)).toEqual([BEN]);
    await world.timeline.advanceTo(at('2026-11-30T10:30:00Z'));
    expect(smsTo(world)).toEqual([BEN, BEN, BEN, DEE, FAY]);
    expect(world.sentPages().filter((p) => p.channel === 'sms').map((p) => p.sentAt.slice(11, 19))).toEqual(['10:00:00', '10:05:00', '10:10:00', '10:15:00', '10:20:00']);

    const [page] = await world.deps.paging.casePages(agent, n);
    expect(page).toMatchObject({ state: 'paging', lastStep: 5, stepsSent: 5, repeats: 2, escalations: 2 });
    const events = (await world.items(n, 'EVENT#')).filter((e) => e.kind === 'page-sent');
    expect(events.map((e) => [(e.details as Record<string, unknown>).notify, (e.details as Record<string, unknown>).to])).toEqual([
      ['primary', 'Ben Duty'], ['primary', 'Ben Duty'], ['primary', 'Ben Duty'], ['secondary', 'Dee Backup'], ['management', 'Fay Manager'],
    ]);
    expect(events.every((e) => e.visibility === 'internal')).toBe(true);
    expect(world.metrics.filter((m) => m.name === 'PageRepeats')).toHaveLength(2);
    expect(world.metrics.filter((m) => m.name === 'PageEscalations')).toHaveLength(2);
  });

  for (const step of [1, 2, 3, 4, 5]) {
    it(`stops everything when the page is acknowledged after step ${step}`, async () => {
      const world = await slaWorld({ start: START, paging: {} });
      const n = await openLevelI(world);
      await world.timeline.advanceTo(at(START) + (step - 1) * 5 * MINUTE + 30_000);
      const sentBefore = world.sentPages().length;
      const { pageId, token } = lastToken(world);
      const page = await world.deps.paging.acknowledgeWithLink(pageId, token);
      expect(page).toMatchObject({ state: 'acknowledged', acknowledgedVia: 'link', lastStep: step });
      await world.timeline.advanceTo(at(START) + 60 * MINUTE);
      expect(world.sentPages()).toHaveLength(sentBefore);
      const loaded = await world.deps.updates.loadCase(n);
      const pageTimers = loaded!.timers.filter((t) => t.kind.startsWith('page-'));
      expect(pageTimers.map((t) => t.status)).toEqual([...Array(step).fill('fired'), ...Array(5 - step).fill('cancelled')]);
      const ack = (await world.items(n, 'EVENT#')).find((e) => e.kind === 'page-acknowledged')!;
      expect(ack).toMatchObject({ visibility: 'internal', actor: { name: page.acknowledgedBy } });
      expect(Date.parse(String(ack.at))).toBe(at(START) + (step - 1) * 5 * MINUTE + 30_000);
    });
  }

  it('gives exactly one outcome when an acknowledgement races a repeat', async () => {
    for (let round = 0; round < 6; round++) {
      const world = await slaWorld({ start: START, paging: {} });
      const n = await openLevelI(world);
      world.timeline.now = at(START) + 5 * MINUTE;
      const pageId = pageIdOf(n, 1);
      const [fired, acked] = await Promise.allSettled([
        world.deps.paging.firePageStep({ caseNumber: n, timer: 'page-2', revision: 1, dueAt: new Date(world.timeline.now).toISOString() }),
        world.deps.paging.acknowledgeAsStaff(agent, pageId),
      ]);
      expect(acked.status).toBe('fulfilled');
      const loaded = await world.deps.updates.loadCase(n);
      const step2 = loaded!.timers.find((t) => t.kind === 'page-2')!;
      const [page] = await world.deps.paging.casePages(agent, n);
      const repeats = smsTo(world).length - 1;
      // Either the repeat went out before the acknowledgement, or the acknowledgement cancelled it: never both, never neither.
      if (step2.status === 'fired') expect([page!.lastStep, repeats, fired.status === 'fulfilled' && fired.value]).toEqual([2, 1, 'fired']);
      else expect([step2.status, page!.lastStep, repeats]).toEqual(['cancelled', 1, 0]);
      expect(page!.state).toBe('acknowledged');
    }
  });

  it('acknowledges without touching the schedules: the steps still armed fire, find themselves cancelled and do nothing', async () => {
    const cancelled: string[] = [];
    const world = await slaWorld({
      start: START,
      paging: {},
      timers: (local) => ({ schedule: (payload) => local.schedule(payload), cancel: async (payload) => void cancelled.push(payload.timer) }),
    });
    const n = await openLevelI(world);
    await world.timeline.advanceTo(at(START) + 6 * MINUTE);
    expect(smsTo(world)).toEqual([BEN, BEN]);
    const { page } = await world.deps.paging.acknowledgeAsStaff(agent, pageIdOf(n, 1));
    expect(page).toMatchObject({ state: 'acknowledged', lastStep: 2 });
    // The acknowledgement cancelled steps 3 to 5 in its transaction and asked no scheduler to delete anything.
    expect(cancelled).toEqual([]);
    const loaded = await world.deps.updates.loadCase(n);
    expect(loaded!.timers.filter((t) => t.kind.startsWith('page-')).map((t) => [t.kind, t.status])).toEqual([
      ['page-1', 'fired'], ['page-2', 'fired'], ['page-3', 'cancelled'], ['page-4', 'cancelled'], ['page-5', 'cancelled'],
    ]);
    // The page's step timers, the page and its messages, its events (the SLA timers go on meanwhile).
    const paging = async () =>
      [...(await world.items(n, 'TIMER#')), ...(await world.items(n, 'PAGE')), ...(await world.items(n, 'EVENT#'))].filter((item) => String(item.sk).includes('page') || String(item.sk).startsWith('PAGE'));
    const before = await paging();
    expect(before.filter((item) => String(item.sk).startsWith('TIMER#'))).toHaveLength(5);
    // A late delivery of a cancelled step (what a schedule not yet deleted does) changes nothing and sends nothing.
    world.timeline.now = at(START) + 10 * MINUTE;
    expect(await world.deps.paging.firePageStep({ caseNumber: n, timer: 'page-3', revision: 1, dueAt: '2026-11-30T10:10:00Z' })).toBe('not-current');
    // And so do the steps still armed in the local timers, when their time comes.
    await world.timeline.advanceTo(at(START) + 60 * MINUTE);
    expect(smsTo(world)).toEqual([BEN, BEN]);
    expect(await paging()).toEqual(before);
    const [after] = await world.deps.paging.casePages(agent, n);
    expect(after).toMatchObject({ state: 'acknowledged', lastStep: 2, stepsSent: 2 });
  });

  it('ends the paging with the first public response', async () => {
    const world = await slaWorld({ start: START, paging: {} });
    const n = await openLevelI(world);
    await world.timeline.advanceTo(at(START) + 7 * MINUTE);
    await world.deps.recordFirstResponse(n, agent);
    await world.timeline.advanceTo(at(START) + 60 * MINUTE);
    expect(smsTo(world)).toEqual([BEN, BEN]);
    const [page] = await world.deps.paging.casePages(agent, n);
    expect(page!.state).toBe('ended');
    await expect(world.deps.paging.acknowledgeAsStaff(agent, page!.pageId)).rejects.toMatchObject({ code: 'page-ended' });
  });

  it('refuses a link that is reused, expired, forged or for another page', async () => {
    const world = await slaWorld({ start: START, paging: {} });
    const n = await openLevelI(world);
    const first = lastToken(world);
    const other = await openLevelI(world);
    const second = lastToken(world);
    expect(second.pageId).toBe(pageIdOf(other, 1));

    // For another page: the token of case n's page does not open the other page.
    await expect(world.deps.paging.openLink(second.pageId, first.token)).rejects.toMatchObject({ code: 'ack-link-invalid' });
    // Forged: one character of the MAC changed, or a made-up expiry.
    const [delivery, expiry, mac] = first.token.split('.') as [string, string, string];
    const flipped = `${delivery}.${expiry}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    await expect(world.deps.paging.acknowledgeWithLink(first.pageId, flipped)).rejects.toMatchObject({ code: 'ack-link-invalid' });
    await expect(world.deps.paging.acknowledgeWithLink(first.pageId, `${delivery}.${Number(expiry) + 86_400}.${mac}`)).rejects.toMatchObject({ code: 'ack-link-invalid' });
    // Opening the link changes nothing (a mail scanner following it acknowledges nothing).
    expect((await world.deps.paging.openLink(first.pageId, first.token)).page.state).toBe('paging');
    // Used once, then reused.
    expect((await world.deps.paging.acknowledgeWithLink(first.pageId, first.token)).state).toBe('acknowledged');
    await expect(world.deps.paging.acknowledgeWithLink(first.pageId, first.token)).rejects.toMatchObject({ code: 'page-already-acknowledged' });
    // Expired: the links live 24 hours.
    world.timeline.now = at(START) + 24 * 60 * MINUTE + 1000;
    await expect(world.deps.paging.acknowledgeWithLink(second.pageId, second.token)).rejects.toMatchObject({ code: 'ack-link-expired' });
    const acks = (await world.items(n, 'EVENT#')).filter((e) => e.kind === 'page-acknowledged');
    expect(acks).toHaveLength(1);
  });

  it('retries a number SNS rejects, then escalates to the secondary at once and says so', async () => {
    let calls = 0;
    const world = await slaWorld({
      start: START,
      paging: {
        sms: (local) => ({
          sendSms: async (message) => {
            if (message.to === BEN) {
              calls++;
              throw Object.assign(new Error('opted out'), { name: 'InvalidParameterException' });
            }
            await local.sendSms(message);
          },
        }),
      },
    });
    const n = await openLevelI(world);
    expect(calls).toBe(3);
    expect(smsTo(world)).toEqual([DEE]);
    expect(world.sentPages().filter((p) => p.channel === 'sms')[0]!.sentAt.slice(0, 19)).toBe('2026-11-30T10:00:00');
    const kinds = (await world.items(n, 'EVENT#')).map((e) => e.kind);
    expect(kinds).toContain('page-failed');
    expect(world.metrics.filter((m) => m.name === 'PageMessagesFailed').map((m) => m.dimensions)).toEqual([{ Channel: 'sms' }]);
    const [page] = await world.deps.paging.casePages(agent, n);
    expect(page).toMatchObject({ lastStep: 4, escalations: 1 });
    // The skipped repeats to the primary never go out later.
    await world.timeline.advanceTo(at(START) + 17 * MINUTE);
    expect(smsTo(world)).toEqual([DEE]);
  });
  it("dry-runs the paging path for the canary, sending nothing, and fails when a step would page nobody", async () => {
    const world = await slaWorld({ start: START, paging: {} });
    expect(await world.deps.paging.dryRun()).toEqual({ steps: 5, recipients: 5 });
    expect(world.sentPages()).toEqual([]);
    const { id: _id, version, ...rest } = await world.deps.rota.schedule('support-24x7');
    await world.deps.rota.replaceSchedule(manager, 'support-24x7', {
      name: rest.name, zone: rest.zone, handover: { startDate: '2026-11-02', time: '09:00', rotationDays: 7 }, primary: [...rest.primary], secondary: [], management: [...rest.management],
    });
    expect(version).toBe(1);
    await expect(world.deps.paging.dryRun()).rejects.toThrow(/nobody is on call for paging step 4 \(secondary\)/);
  });
});
