import type { CaseStatus } from '../../shared/domain/support-case.js';

/** The parts of the API's answers the portal reads. */
export interface CaseView {
  caseNumber: string;
  institution: string;
  title: string;
  description: string;
  requestType: 'query' | 'defect' | 'enhancement' | 'new-integration' | 'ux-redesign';
  environment: 'production' | 'non-production';
  impact: 'service-down' | 'module-down' | 'degraded' | 'question';
  productArea: string;
  scenario: string | null;
  responseLevel: 'I' | 'II' | 'III' | 'IV';
  status: CaseStatus;
  resolvedAt: string | null;
  coverage: { covered: boolean; route: string; message?: string; link?: string; earliestProjectStart?: string };
  firstResponseDueAt: string | null;
  slaState: 'running' | 'warning' | 'breached' | 'met' | 'late' | 'none';
  firstResponse: { at: string; met: boolean; elapsedSeconds: number; by: { role: string; name: string } } | null;
  missingInformation: string[];
  appCredentialsProvided: boolean;
  connectLayer: { type: 'hosted' | 'local'; remoteAccessProvided: boolean };
  contact: { name: string; email: string; phone: string | null };
  assignee: string | null;
  openedBy: { role: string; name: string };
  createdAt: string;
  updatedAt: string;
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
