/** The parts of the API's answers the portal reads. */
export interface CaseView {
  caseNumber: string;
  institution: string;
  title: string;
  description: string;
  requestType: string;
  responseLevel: 'I' | 'II' | 'III' | 'IV';
  status: 'new' | 'in-progress' | 'awaiting-customer' | 'resolved' | 'closed';
  coverage: { covered: boolean; route: string; message?: string; link?: string; earliestProjectStart?: string };
  firstResponseDueAt: string | null;
  slaState: 'running' | 'warning' | 'breached' | 'met' | 'late' | 'none';
  firstResponse: { at: string; met: boolean; elapsedSeconds: number; by: { role: string; name: string } } | null;
  missingInformation: string[];
  assignee: string | null;
  scenario: string | null;
  createdAt: string;
  version: number;
}

export interface EventView {
  kind: string;
  at: string;
  actor: { role: string; name: string };
  visibility: 'public' | 'internal';
  details: Record<string, string | number | boolean | null>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
