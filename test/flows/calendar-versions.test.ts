import { describe, expect, it } from 'vitest';
import { parseSupportDirectory } from '../../shared/domain/support-config-document.js';
import { agent, caseInput, customerOf } from '../support/builders.js';
import { slaWorld } from '../support/sla-world.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const weekdays = (hours: [string, string][]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

/** Version 1: 09:00–17:00 (8-hour days); version 2 from Tuesday 1 December 2026: 12:00–16:00 (4-hour days). */
const directory = parseSupportDirectory({
  calendars: [
    {
      id: 'cal',
      versions: [
        { version: 1, zone: 'Europe/London', week: weekdays([['09:00', '17:00']]) },
        { version: 2, effectiveFrom: '2026-12-01', zone: 'Europe/London', week: weekdays([['12:00', '16:00']]) },
      ],
    },
  ],
  institutions: [{ id: 'uni-x', name: 'X', calendar: 'cal', connectLayer: 'hosted' }],
});

describe('calendar versions on DynamoDB Local: a case keeps the version it was opened under', () => {
  it('a level change and the first response after a new version takes effect still use the recorded version', async () => {
    const world = await slaWorld({ start: '2026-11-30T10:00:00Z', directory });
    const { supportCase } = await world.deps.openCase(customerOf('uni-x'), caseInput({ impact: 'degraded' }));
    // Level III: one 8-hour business day of version 1 from Monday 10:00 → Tuesday 10:00.
    expect(supportCase.sla).toMatchObject({ calendarId: 'cal', calendarVersion: 1, firstResponseDueAt: '2026-12-01T10:00:00Z' });

    await world.timeline.advanceTo(at('2026-12-02T09:00:00Z'));
    const changed = await world.deps.changeLevel(supportCase.caseNumber, 'IV', 'a question after all', agent);
    // Two version-1 days (16 h) from the receipt: Monday 7 h, Tuesday 8 h, Wednesday 1 h. Version 2 would say Tuesday 16:00.
    expect(changed.sla).toMatchObject({ revision: 2, calendarId: 'cal', calendarVersion: 1, firstResponseDueAt: '2026-12-02T10:00:00Z' });

    await world.timeline.advanceTo(at('2026-12-02T12:00:00Z'));
    const responded = await world.deps.recordFirstResponse(supportCase.caseNumber, agent);
    expect(responded.firstResponse).toMatchObject({ met: false, elapsedMs: 18 * HOUR }); // 7 + 8 + 3 hours of version 1
  });

  it('a case opened once the new version is in effect runs on it', async () => {
    const world = await slaWorld({ start: '2026-12-02T11:00:00Z', directory });
    const { supportCase } = await world.deps.openCase(customerOf('uni-x'), caseInput({ impact: 'degraded' }));
    // Version 2's usual working day is 4 hours: Wednesday 12:00–16:00.
    expect(supportCase.sla).toMatchObject({ calendarId: 'cal', calendarVersion: 2, targetMs: 4 * HOUR, firstResponseDueAt: '2026-12-02T16:00:00Z' });
  });

  it('a case on the 24/7 clock changed to a business level uses the version in effect when it was opened', async () => {
    const world = await slaWorld({ start: '2026-11-30T16:00:00Z', directory });
    const { supportCase } = await world.deps.openCase(customerOf('uni-x'), caseInput({ impact: 'service-down' }));
    expect(supportCase.sla).toMatchObject({ calendarId: '24x7', clock: '24x7' });
    await world.timeline.advanceTo(at('2026-12-01T09:00:00Z'));
    const changed = await world.deps.changeLevel(supportCase.caseNumber, 'III', 'not an outage', agent);
    // Version 1: Monday 16:00–17:00, Tuesday 09:00–16:00.
    expect(changed.sla).toMatchObject({ calendarId: 'cal', calendarVersion: 1, firstResponseDueAt: '2026-12-01T16:00:00Z' });
  });
});
