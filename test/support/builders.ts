import type { Principal } from '../../shared/domain/principal.js';
import type { OpenCaseInput } from '../../shared/use-cases/open-case.js';

export const customerOf = (institution: string, sub = `customer-${institution}`): Principal => ({
  sub,
  role: 'customer',
  name: `Customer of ${institution}`,
  institution,
});

export const agent: Principal = { sub: 'agent-1', role: 'agent', name: 'Agent One', institution: null };
export const manager: Principal = { sub: 'manager-1', role: 'manager', name: 'Manager One', institution: null };

export function caseInput(overrides: Partial<OpenCaseInput> = {}): OpenCaseInput {
  return {
    title: 'Timetable module shows no events',
    description: 'Since this morning the timetable is empty for every student.',
    requestType: 'defect',
    environment: 'production',
    impact: 'module-down',
    productArea: 'timetable',
    contact: { name: 'Ada Admin', email: 'ada@uni-a.example' },
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(startIso: string) {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    set: (iso: string) => {
      now = Date.parse(iso);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}
