import { describe, expect, it } from 'vitest';
import { timerPayload } from '../../shared/use-cases/fire-timer.js';
import { agent, caseInput, customerOf } from '../support/builders.js';
import { type SlaWorld, slaWorld } from '../support/sla-world.js';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

async function eventKinds(world: SlaWorld, caseNumber: string): Promise<string[]> {
  return (await world.items(caseNumber, 'EVENT#')).map((e) => String(e.kind));
}

describe('SLA flows on DynamoDB Local with the local adapters and a controlled clock', () => {
  it('level I: pages on-call at intake, warns support, breaches to on-call, then escalates to management', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'service-down' }));
    const n = supportCase.caseNumber;

    expect(world.sentAlerts().map((a) => [a.alertId, a.sentAt])).toEqual([['case-opened#oncall', '2026-11-30T10:00:00.000Z']]);
    expect(world.localTimers.armed).toBe(3);

    await world.timeline.advanceTo(at('2026-11-30T10:44:59Z'));
    expect(world.sentAlerts()).toHaveLength(1);

    await world.timeline.advanceTo(at('2026-11-30T12:00:00Z'));
    const alerts = world.sentAlerts();
    expect(alerts.map((a) => [a.alertId, a.topic, a.sentAt.slice(0, 19)])).toEqual([
      ['case-opened#oncall', 'oncall', '2026-11-30T10:00:00'],
      ['sla-warning-r1#support', 'support', '2026-11-30T10:45:00'],
      ['sla-breached-r1#oncall', 'oncall', '2026-11-30T11:00:00'],
      ['escalation-1-r1#management', 'management', '2026-11-30T11:30:00'],
    ]);
    for (const alert of alerts) {
      expect(alert.subject.startsWith(n)).toBe(true);
      expect(alert.sms.startsWith(n)).toBe(true);
    }

    const loaded = await world.deps.updates.loadCase(n);
    expect(loaded!.supportCase).toMatchObject({ slaState: 'breached', escalationStep: 1, firstResponse: null });
    expect(loaded!.timers.map((t) => t.status)).toEqual(['fired', 'fired', 'fired']);
    const kinds = await eventKinds(world, n);
    expect(kinds.filter((k) => k !== 'alert-sent')).toEqual(['case-opened', 'sla-warning', 'sla-breached', 'escalation']);
    expect(kinds.filter((k) => k === 'alert-sent')).toHaveLength(4);
    expect(world.metrics.filter((m) => m.name !== 'AlertsSent').map((m) => [m.name, m.dimensions])).toEqual([
      ['CasesOpened', { Level: 'I' }],
      ['TimersFired', { Timer: 'warning' }],
      ['TimersFired', { Timer: 'breach' }],
      ['SlaBreaches', { Level: 'I' }],
      ['TimersFired', { Timer: 'escalation' }],
    ]);
    expect(world.metrics.filter((m) => m.name === 'AlertsSent').map((m) => m.dimensions.Topic)).toEqual(['oncall', 'support', 'oncall', 'management']);
  });

  it('a first response before the warning cancels everything and nothing more is sent', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'module-down' }));
    await world.timeline.advanceTo(at('2026-11-30T10:20:00Z'));
    const responded = await world.deps.recordFirstResponse(supportCase.caseNumber, agent);
    expect(responded).toMatchObject({ slaState: 'met', firstResponse: { at: '2026-11-30T10:20:00Z', met: true, elapsedMs: 20 * MINUTE, by: { role: 'agent' } } });
    expect(world.localTimers.armed).toBe(0);

    await world.timeline.advanceTo(at('2026-11-30T13:00:00Z'), () => world.deps.sweep());
    expect(world.sentAlerts().map((a) => a.alertId)).toEqual(['case-opened#oncall']);
    const loaded = await world.deps.updates.loadCase(supportCase.caseNumber);
    expect(loaded!.timers.map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await world.deps.due.dueTimers(world.timeline.now, 100)).toEqual({ items: [] });

    // Responding again changes nothing.
    const again = await world.deps.recordFirstResponse(supportCase.caseNumber, agent);
    expect(again.firstResponse).toEqual(responded.firstResponse);
  });

  it('a late first response is recorded as missed, with the time taken in business hours for level III', async () => {
    // Monday 10:00 London, level III: 7.5 business hours (the sample calendar's business day).
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'degraded' }));
    expect(supportCase.sla?.firstResponseDueAt).toBe('2026-12-01T10:00:00Z');
    await world.timeline.advanceTo(at('2026-12-01T14:00:00Z'));
    const responded = await world.deps.recordFirstResponse(supportCase.caseNumber, agent);
    // Monday 10:00–12:30 and 13:30–17:30 (6.5 h), Tuesday 09:00–12:30 and 13:30–14:00 (4 h).
    expect(responded).toMatchObject({ slaState: 'late', firstResponse: { met: false, elapsedMs: 10.5 * 60 * MINUTE } });
    expect(world.sentAlerts().map((a) => a.alertId)).toEqual(['sla-warning-r1#support', 'sla-breached-r1#oncall']);
  });

  it('a level change moves the timers to the new deadline, counted from the original receipt', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'degraded' }));
    await world.timeline.advanceTo(at('2026-11-30T10:10:00Z'));
    const changed = await world.deps.changeLevel(supportCase.caseNumber, 'I', 'the whole app is down after all', agent);
    expect(changed).toMatchObject({ responseLevel: 'I', slaState: 'running', sla: { revision: 2, clock: '24x7', firstResponseDueAt: '2026-11-30T11:00:00Z' } });
    expect(world.localTimers.armed).toBe(3);

    await world.timeline.advanceTo(at('2026-11-30T12:00:00Z'));
    expect(world.sentAlerts().map((a) => [a.alertId, a.sentAt.slice(11, 19)])).toEqual([
      ['sla-warning-r2#support', '10:45:00'],
      ['sla-breached-r2#oncall', '11:00:00'],
      ['escalation-1-r2#management', '11:30:00'],
    ]);
    const loaded = await world.deps.updates.loadCase(supportCase.caseNumber);
    expect(loaded!.timers.map((t) => `${t.revision}:${t.kind}:${t.status}`).sort()).toEqual([
      '1:breach:cancelled',
      '1:escalation-1:cancelled',
      '1:warning:cancelled',
      '2:breach:fired',
      '2:escalation-1:fired',
      '2:warning:fired',
    ]);
    const [levelChange] = (await world.items(supportCase.caseNumber, 'EVENT#')).filter((e) => e.kind === 'level-changed');
    expect(levelChange).toMatchObject({
      details: { from: 'III', to: 'I', reason: 'the whole app is down after all', previousDueAt: '2026-12-01T10:00:00Z', newDueAt: '2026-11-30T11:00:00Z' },
    });
  });

  it('a deadline already past is handled at once', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'question' }));
    await world.timeline.advanceTo(at('2026-11-30T13:00:00Z'));
    const changed = await world.deps.changeLevel(supportCase.caseNumber, 'I', 'production outage reported late', agent);
    // Due 11:00 and escalation at 11:30 are both past: recorded and sent during the change itself.
    expect(changed.sla?.firstResponseDueAt).toBe('2026-11-30T11:00:00Z');
    expect(world.sentAlerts().map((a) => [a.alertId, a.sentAt.slice(11, 19)])).toEqual([
      ['sla-warning-r2#support', '13:00:00'],
      ['sla-breached-r2#oncall', '13:00:00'],
      ['escalation-1-r2#management', '13:00:00'],
    ]);
    expect(world.localTimers.armed).toBe(0);
    expect((await world.deps.updates.loadCase(supportCase.caseNumber))!.supportCase).toMatchObject({ slaState: 'breached', escalationStep: 1 });
  });

  it('an already-met response stays met when the level changes', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'degraded' }));
    await world.timeline.advanceTo(at('2026-11-30T12:00:00Z'));
    await world.deps.recordFirstResponse(supportCase.caseNumber, agent);
    const changed = await world.deps.changeLevel(supportCase.caseNumber, 'I', 'reclassified', agent);
    expect(changed).toMatchObject({ responseLevel: 'I', slaState: 'met', firstResponse: { met: true } });
    expect(world.localTimers.armed).toBe(0);
    await world.timeline.advanceTo(at('2026-12-02T12:00:00Z'));
    await world.deps.sweep();
    expect(world.sentAlerts()).toEqual([]);
  });

  it('the same timer delivered five times changes the case once and sends each message once', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-b'), caseInput({ impact: 'service-down', connectLayer: { type: 'local' } }));
    world.localTimers.stop(); // deliver by hand instead
    world.timeline.now = at('2026-11-30T11:00:00Z');
    const breach = (await world.deps.updates.loadCase(supportCase.caseNumber))!.timers.find((t) => t.kind === 'breach')!;
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => world.deps.fireTimer(timerPayload(supportCase.caseNumber, breach))));
    expect(outcomes.filter((o) => o === 'fired')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'not-current')).toHaveLength(4);
    expect(world.sentAlerts().filter((a) => a.attributes.kind === 'sla-breached')).toHaveLength(1);
    expect((await eventKinds(world, supportCase.caseNumber)).filter((k) => k === 'sla-breached')).toHaveLength(1);
    expect((await world.deps.updates.loadCase(supportCase.caseNumber))!.supportCase.version).toBe(2);
  });

  it('a timer delivered early does nothing; the real delivery then acts', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z' });
    const { supportCase } = await world.deps.openCase(customerOf('uni-a'), caseInput({ impact: 'service-down' }));
    world.localTimers.stop();
    const warning = (await world.deps.updates.loadCase(supportCase.caseNumber))!.timers.find((t) => t.kind === 'warning')!;
    world.timeline.now = warning.dueAt - 1;
    expect(await world.deps.fireTimer(timerPayload(supportCase.caseNumber, warning))).toBe('not-due');
    world.timeline.now = warning.dueAt;
    expect(await world.deps.fireTimer(timerPayload(supportCase.caseNumber, warning))).toBe('fired');
  });
});
