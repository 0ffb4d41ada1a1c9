import type { Principal } from '../../shared/domain/principal.js';
import type { SupportCase } from '../../shared/domain/support-case.js';
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

/** A case as the store holds it (level III at uni-b, running, opened 2026-11-30T01:00Z), with `overrides`. */
export const storedCase = (overrides: Partial<SupportCase> = {}): SupportCase => ({
  caseNumber: '00000042',
  institution: 'uni-b',
  title: 'Timetable empty',
  description: 'd',
  requestType: 'defect',
  environment: 'production',
  impact: 'degraded',
  productArea: 'timetable',
  scenario: null,
  connectLayer: 'local',
  contact: { name: 'Bea Other', email: 'Bea@uni-b.example', phone: null },
  responseLevel: 'III',
  status: 'new',
  resolvedAt: null,
  assignee: null,
  coverage: { covered: true, route: 'support' },
  sla: { revision: 1, clock: 'business', targetMs: 1, firstResponseDueAt: '2026-12-01T06:00:00Z', firstResponseWarningAt: '2026-12-01T05:00:00Z', calendarId: 'au-east-support', calendarVersion: 2 },
  slaState: 'running',
  escalationStep: 0,
  lastEscalationAlertAt: null,
  secretsPurgeDueAt: null,
  firstResponse: null,
  appCredentialsProvided: true,
  remoteAccessProvided: false,
  missingInformation: ['scenario', 'remote-access'],
  openedBy: { sub: 's', role: 'customer', name: 'Bea Other' },
  createdAt: '2026-11-30T01:00:00Z',
  updatedAt: '2026-11-30T01:00:00Z',
  version: 1,
  ...overrides,
});
