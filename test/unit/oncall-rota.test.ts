import { describe, expect, it } from 'vitest';
import document from '../../config/oncall.json' with { type: 'json' };
import { scheduleOf, overrideSpan, stepKind } from '../../shared/domain/oncall-config.js';
import { parseOncallConfig } from '../../shared/domain/oncall-config-document.js';
import { type OncallOverride, type OncallSchedule, handoverInstant, nowAndNext, onCallAt, pageRecipients } from '../../shared/domain/oncall-rota.js';

const person = (name: string) => ({ name, phone: '+447700900001', email: `${name.toLowerCase()}@x.example` });

function schedule(zone: string, startDate: string, time: string, rotationDays = 7): OncallSchedule {
  return scheduleOf('s', { name: 'S', zone, handover: { startDate, time, rotationDays }, primary: [person('Ana'), person('Ben')], secondary: [person('Dee')], management: [person('Fay'), person('Gus')] }, 1);
}

const at = (iso: string) => Date.parse(iso);
const who = (s: OncallSchedule, iso: string, overrides: OncallOverride[] = []) => onCallAt(s, overrides, 'primary', at(iso))?.person.name;

describe('the rota across daylight-saving changes', () => {
  it('hands over at 09:00 London time in GMT and BST alike (spring forward 2027-03-28)', () => {
    const london = schedule('Europe/London', '2027-03-15', '09:00');
    expect(handoverInstant(london, 0)).toBe(at('2027-03-15T09:00:00Z'));
    expect(handoverInstant(london, 1)).toBe(at('2027-03-22T09:00:00Z'));
    // The week with the change is an hour shorter: the next handover is 09:00 BST, 08:00 UTC.
    expect(handoverInstant(london, 2)).toBe(at('2027-03-29T08:00:00Z'));
    expect(who(london, '2027-03-29T07:59:59Z')).toBe('Ben');
    expect(who(london, '2027-03-29T08:00:00Z')).toBe('Ana');
    const shift = onCallAt(london, [], 'primary', at('2027-03-30T12:00:00Z'))!;
    expect([shift.from, shift.to]).toEqual([at('2027-03-29T08:00:00Z'), at('2027-04-05T08:00:00Z')]);
  });

  it('keeps 09:00 London time when the clocks go back (2026-10-25)', () => {
    const london = schedule('Europe/London', '2026-10-19', '09:00');
    expect(handoverInstant(london, 0)).toBe(at('2026-10-19T08:00:00Z'));
    expect(handoverInstant(london, 1)).toBe(at('2026-10-26T09:00:00Z'));
    expect(who(london, '2026-10-26T08:30:00Z')).toBe('Ana');
    expect(who(london, '2026-10-26T09:00:00Z')).toBe('Ben');
  });

  it('hands over at 09:00 Sydney time on both sides of April and October changes', () => {
    const sydney = schedule('Australia/Sydney', '2027-03-29', '09:00');
    // AEDT (+11) until 2027-04-04 03:00, then AEST (+10).
    expect(handoverInstant(sydney, 0)).toBe(at('2027-03-28T22:00:00Z'));
    expect(handoverInstant(sydney, 1)).toBe(at('2027-04-04T23:00:00Z'));
    expect(who(sydney, '2027-04-04T22:30:00Z')).toBe('Ana');
    expect(who(sydney, '2027-04-04T23:00:00Z')).toBe('Ben');
    // AEST → AEDT on 2027-10-03.
    const spring = schedule('Australia/Sydney', '2027-09-27', '09:00');
    expect(handoverInstant(spring, 1)).toBe(at('2027-10-03T22:00:00Z'));
  });

  it('moves a handover inside a spring-forward gap to the end of the gap, and takes a repeated hour at its later occurrence', () => {
    const gap = schedule('Europe/London', '2027-03-21', '01:30');
    expect(handoverInstant(gap, 1)).toBe(at('2027-03-28T01:30:00Z')); // 02:30 BST, as far past the gap as 01:30 is past 01:00
    const repeated = schedule('Europe/London', '2026-10-18', '01:30');
    expect(handoverInstant(repeated, 1)).toBe(at('2026-10-25T01:30:00Z')); // the second 01:30 (GMT)
  });

  it('rotates daily too, and counts shifts before the start date backwards', () => {
    const daily = schedule('Europe/London', '2026-11-02', '18:00', 1);
    expect(who(daily, '2026-11-02T17:59:00Z')).toBe('Ben');
    expect(who(daily, '2026-11-02T18:00:00Z')).toBe('Ana');
    expect(who(daily, '2026-11-03T18:00:00Z')).toBe('Ben');
    expect(who(daily, '2026-10-31T20:00:00Z')).toBe('Ana');
  });
});

describe('overrides', () => {
  const london = schedule('Europe/London', '2027-03-15', '09:00');
  const ana = (from: string, to: string, createdAt = 1, id = 'o1'): OncallOverride => ({
    id, scheduleId: 's', layer: 'primary', person: person('Cover'), from: at(from), to: at(to), createdAt, createdBy: 'm',
  });

  it('puts the override person on call from Friday 18:00 to Monday 09:00 local, across the change of clocks', () => {
    const span = overrideSpan({ schedule: 's', layer: 'primary', person: person('Cover'), from: '2027-03-26T18:00', to: '2027-03-29T09:00' }, 'Europe/London');
    expect(span).toEqual({ from: at('2027-03-26T18:00:00Z'), to: at('2027-03-29T08:00:00Z') });
    const o = ana('2027-03-26T18:00:00Z', '2027-03-29T08:00:00Z');
    expect(who(london, '2027-03-26T17:59:59Z', [o])).toBe('Ben');
    expect(who(london, '2027-03-26T18:00:00Z', [o])).toBe('Cover');
    expect(who(london, '2027-03-29T07:59:59Z', [o])).toBe('Cover');
    expect(who(london, '2027-03-29T08:00:00Z', [o])).toBe('Ana');
    const shift = onCallAt(london, [o], 'primary', at('2027-03-27T12:00:00Z'))!;
    expect(shift.overrideId).toBe('o1');
    expect(shift.to).toBe(at('2027-03-29T08:00:00Z'));
    // Before the override the rotation's shift ends when the override starts.
    expect(onCallAt(london, [o], 'primary', at('2027-03-25T12:00:00Z'))!.to).toBe(at('2027-03-26T18:00:00Z'));
    // After it, the shift started when the override ended.
    expect(onCallAt(london, [o], 'primary', at('2027-03-30T12:00:00Z'))!.from).toBe(at('2027-03-29T08:00:00Z'));
  });

  it('lets the newest of two overlapping overrides win, and leaves the other layer alone', () => {
    const older = ana('2027-03-16T00:00:00Z', '2027-03-18T00:00:00Z', 1, 'old');
    const newer = { ...ana('2027-03-17T00:00:00Z', '2027-03-17T12:00:00Z', 2, 'new'), person: person('Newer') };
    expect(who(london, '2027-03-17T06:00:00Z', [older, newer])).toBe('Newer');
    expect(who(london, '2027-03-17T13:00:00Z', [older, newer])).toBe('Cover');
    expect(onCallAt(london, [older], 'secondary', at('2027-03-17T06:00:00Z'))!.person.name).toBe('Dee');
  });

  it('says who is on call now and next, and pages the whole management list', () => {
    const o = ana('2027-03-26T18:00:00Z', '2027-03-29T08:00:00Z');
    const view = nowAndNext(london, [o], at('2027-03-26T12:00:00Z'));
    expect(view.primary.now?.person.name).toBe('Ben');
    expect(view.primary.next?.person.name).toBe('Cover');
    expect(view.primary.next?.from).toBe(at('2027-03-26T18:00:00Z'));
    expect(pageRecipients(london, [o], 'management', 0).map((p) => p.name)).toEqual(['Fay', 'Gus']);
    expect(pageRecipients(london, [o], 'primary', at('2027-03-27T00:00:00Z')).map((p) => p.name)).toEqual(['Cover']);
  });

  it('refuses an override that ends before it starts, naming the field', () => {
    expect(overrideSpan({ schedule: 's', layer: 'primary', person: person('C'), from: '2027-03-26T18:00', to: '2027-03-26T09:00' }, 'Europe/London')).toEqual({ problems: [{ field: 'to', message: 'must be after from' }] });
    expect(overrideSpan({ schedule: 's', layer: 'primary', person: person('C'), from: 'soon', to: '2027-03-26T09:00' }, 'Europe/London')).toMatchObject({ problems: [{ field: 'from' }] });
  });
});

describe('the on-call configuration', () => {
  it('parses the committed file: repeats then escalations', () => {
    const config = parseOncallConfig(document);
    expect(config.policy.steps.map((s) => [s.notify, s.afterMs / 60_000])).toEqual([['primary', 0], ['primary', 5], ['primary', 10], ['secondary', 15], ['management', 20]]);
    expect([1, 2, 3, 4, 5].map((step) => stepKind(config.policy, step))).toEqual(['first', 'repeat', 'repeat', 'escalation', 'escalation']);
    expect(config.seeds.get(config.pagingSchedule)?.primary.length).toBeGreaterThan(0);
  });

  it('names the bad field of a bad file', () => {
    const bad = structuredClone(document) as { schedules: { primary: { phone: string }[] }[] };
    bad.schedules[0]!.primary[0]!.phone = '07700 900101';
    expect(() => parseOncallConfig(bad)).toThrow(/schedules\.0\.primary\.0\.phone/);
  });
});
