import type { CaseView } from './types.js';

/** The words the portal uses for the API's codes: one place, so the form, the queue and the case page agree. */
export const REQUEST_TYPES: [CaseView['requestType'], string][] = [
  ['defect', 'Something is broken'],
  ['query', 'A question'],
  ['enhancement', 'An enhancement idea'],
  ['new-integration', 'A new integration'],
  ['ux-redesign', 'A UX redesign'],
];

export const ENVIRONMENTS: [CaseView['environment'], string][] = [
  ['production', 'Production (live app)'],
  ['non-production', 'Test or staging'],
];

export const IMPACTS: [CaseView['impact'], string][] = [
  ['service-down', 'The whole service is down'],
  ['module-down', 'One module does not work at all'],
  ['degraded', 'Something works incorrectly or slowly'],
  ['question', 'No outage: a question or request'],
];

export const STATUSES: Record<CaseView['status'], string> = {
  new: 'New',
  'in-progress': 'In progress',
  'awaiting-customer': 'Awaiting customer',
  resolved: 'Resolved',
  closed: 'Closed',
  redirected: 'Redirected (not covered)',
};

export const MISSING: Record<string, string> = {
  'app-credentials': 'app credentials',
  scenario: 'steps to reproduce',
  'remote-access': 'remote access to the Connect Layer',
};

export const labelOf = <K extends string>(pairs: [K, string][], code: K): string => pairs.find(([value]) => value === code)?.[1] ?? code;

export const statusLabel = (status: CaseView['status']): string => STATUSES[status] ?? status;
