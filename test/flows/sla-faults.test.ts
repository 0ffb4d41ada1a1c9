import { describe, expect, it } from 'vitest';
import type { OpenCaseInput } from '../../shared/use-cases/open-case.js';
import { caseInput, customerOf } from '../support/builders.js';
import { failingPublisher, failingTimers } from '../support/faults.js';
import { slaWorld } from '../support/sla-world.js';

const CASES = 200;

/** Every alert the policy says must go out for a case that gets no response, by alert id. */
function expectedAlerts(level: string): string[] {
  const opened = level === 'I' || level === 'II' ? ['case-opened#oncall'] : [];
  return [...opened, 'sla-warning-r1#support', 'sla-breached-r1#oncall', 'escalation-1-r1#management'];
}

describe('nothing lost when Scheduler and SNS fail', () => {
  it(`over ${CASES} cases, CreateSchedule failing 5 times in a row and Publish 3 times per message: every escalation happens exactly once`, async () => {
    let timers!: ReturnType<typeof failingTimers>;
    let publisher!: ReturnType<typeof failingPublisher>;
    const world = await slaWorld({
      start: '2026-11-30T10:00:00Z',
      timers: (local) => (timers = failingTimers(local, 5)),
      publisher: (local) => (publisher = failingPublisher(local, 3)),
    });

    const opened: { caseNumber: string; level: string }[] = [];
    const impacts: OpenCaseInput['impact'][] = ['service-down', 'module-down'];
    for (let i = 0; i < CASES; i++) {
      const { supportCase } = await world.deps.openCase(customerOf(i % 3 === 0 ? 'uni-b' : 'uni-a'), caseInput({ title: `case ${i}`, impact: impacts[i % 2]! }));
      opened.push({ caseNumber: supportCase.caseNumber, level: supportCase.responseLevel });
      await world.timeline.advanceBy(9_000); // intake spread over half an hour
    }

    // Level II escalates at 3 hours; run the clock on, with the sweeper every minute as the EventBridge rule would.
    await world.timeline.advanceTo(Date.parse('2026-11-30T14:00:00Z'), () => world.deps.sweep());

    const sent = world.sentAlerts();
    const sentIds = sent.map((a) => `${a.caseNumber}/${a.alertId}`);
    const expected = opened.flatMap(({ caseNumber, level }) => expectedAlerts(level).map((id) => `${caseNumber}/${id}`));
    const duplicated = sentIds.length - new Set(sentIds).size;
    const lost = expected.filter((id) => !sentIds.includes(id));
    expect({ due: expected.length, made: new Set(sentIds).size, duplicated, lost: lost.length }).toEqual({
      due: expected.length,
      made: expected.length,
      duplicated: 0,
      lost: 0,
    });
    expect(timers.failed).toBeGreaterThan(400);
    expect(publisher.failed).toBe(expected.length * 3);

    // Each timer event was recorded once per case.
    for (const { caseNumber } of opened.slice(0, 20)) {
      const kinds = (await world.items(caseNumber, 'EVENT#')).map((e) => e.kind).filter((k) => k !== 'alert-sent');
      expect(kinds).toEqual(['case-opened', 'sla-warning', 'sla-breached', 'escalation']);
    }
    // No escalation arrives more than one sweep interval late.
    const dueAt = new Map<string, number>();
    for (const { caseNumber } of opened) {
      for (const timer of (await world.deps.updates.loadCase(caseNumber))!.timers) dueAt.set(`${caseNumber}/${timer.kind}`, timer.dueAt);
    }
    for (const alert of sent.filter((a) => a.attributes.kind !== 'case-opened')) {
      const kind = alert.alertId.startsWith('sla-warning') ? 'warning' : alert.alertId.startsWith('sla-breached') ? 'breach' : 'escalation-1';
      const delay = Date.parse(alert.sentAt) - dueAt.get(`${alert.caseNumber}/${kind}`)!;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(4 * 60_000); // three failed sends, each retried by the next sweep
    }
  }, 300_000);
});
