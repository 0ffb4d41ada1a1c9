import { describe, expect, it } from 'vitest';
import { alertItem, timerItem } from '../../shared/adapters/dynamodb/items.js';
import { recordedWorkOf, streamEventSchema } from '../../shared/adapters/dynamodb/stream-records.js';
import type { SlaTimer } from '../../shared/domain/sla-timers.js';

/** Stream records as Lambda delivers them, around items made by the very functions the stores write them with. */
const breach: SlaTimer = { kind: 'breach', revision: 1, dueAt: Date.parse('2026-11-30T11:00:00Z'), topics: ['oncall'] };
const record = (sequence: string, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', next: object | undefined, previous?: object) => ({
  eventID: `e${sequence}`,
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: { SequenceNumber: sequence, ...(next ? { NewImage: next } : {}), ...(previous ? { OldImage: previous } : {}) },
});
const alert = alertItem(
  {
    alertId: 'a1',
    caseNumber: '00000002',
    topic: 'oncall',
    facts: { caseNumber: '00000002', kind: 'case-opened', institution: 'uni-a', institutionName: 'Uni A', level: 'I', title: 't', dueAtUtc: null, dueAtLocal: null, zone: 'UTC', missingInformation: [] },
  },
  '2026-11-30T10:00:00Z',
);

describe('the work stream records ask for', () => {
  it('groups it by case: timers inserted pending are armed, timers gone from pending to cancelled disarmed, outbox items sent', () => {
    const event = streamEventSchema.parse({
      Records: [
        record('1', 'INSERT', timerItem('00000001', breach)),
        record('2', 'INSERT', alert),
        record('3', 'MODIFY', timerItem('00000001', { ...breach, revision: 0 }, 'cancelled'), timerItem('00000001', { ...breach, revision: 0 })),
        // Neither asks for anything: a timer that fired (its schedule is done) and an item removed.
        record('4', 'MODIFY', timerItem('00000001', breach, 'fired'), timerItem('00000001', breach)),
        record('5', 'REMOVE', undefined, timerItem('00000001', breach)),
      ],
    });
    expect(recordedWorkOf(event)).toEqual({
      work: [
        { caseNumber: '00000001', create: [breach], cancel: [{ kind: 'breach', revision: 0 }], alerts: [], mails: [], sequenceNumbers: ['1', '3'] },
        { caseNumber: '00000002', create: [], cancel: [], alerts: [{ caseNumber: '00000002', alertId: 'a1' }], mails: [], sequenceNumbers: ['2'] },
      ],
      unreadable: [],
    });
  });

  it('lists a record whose item does not parse apart, and still reads the others', () => {
    const broken = { ...timerItem('00000001', breach), kind: { S: 'boom' } };
    const { work, unreadable } = recordedWorkOf(streamEventSchema.parse({ Records: [record('7', 'INSERT', broken), record('8', 'INSERT', alert)] }));
    expect(unreadable).toEqual(['7']);
    expect(work.map((w) => w.caseNumber)).toEqual(['00000002']);
  });

  it('refuses a batch that is not a stream batch', () => {
    expect(() => streamEventSchema.parse({ Records: [{ eventName: 'INSERT' }] })).toThrow();
  });
});
