import type { FunctionName } from '../shared/http/routes.js';
import type { SecretsAccess, TableAccess } from './case-table.js';

/** Every Lambda function of the service (a module under functions/): those behind the API, and the two triggers. */
export type ServiceFunction = FunctionName | 'sla-timer' | 'sweeper';

export interface FunctionNeeds {
  readonly description: string;
  readonly table: TableAccess;
  /** Customer secrets (their own table); 'none' when absent. */
  readonly secrets?: SecretsAccess;
  /** Creates and deletes SLA schedules (and passes the scheduler role). */
  readonly schedules: boolean;
  /** Publishes alerts to the SNS topics. */
  readonly alerts: boolean;
  /** Overrides of the SupportFunction defaults (10 s, 512 MB). */
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

/** Least privilege, decided in one place: read-only routes get read-only access. */
export const FUNCTION_NEEDS: Record<ServiceFunction, FunctionNeeds> = {
  health: { description: 'GET /health', table: 'ping', schedules: false, alerts: false },
  'cases-read': { description: 'GET /cases, GET /cases/{caseNumber} and its timeline', table: 'read', schedules: false, alerts: false },
  'cases-update': {
    description: 'PATCH /cases/{caseNumber}, comments, escalation requests, credentials',
    table: 'write',
    secrets: 'read-update',
    schedules: true,
    alerts: true,
  },
  'cases-write': { description: 'POST /cases', table: 'write', secrets: 'put', schedules: true, alerts: true },
  // A year of cases is read page by page: the most time API Gateway allows (30 s) and more memory (so more CPU).
  reports: { description: 'GET /reports/sla', table: 'read', schedules: false, alerts: false, timeoutSeconds: 29, memoryMb: 1024 },
  knowledge: { description: 'GET /knowledge/suggest', table: 'none', schedules: false, alerts: false },
  'not-found': { description: 'Any request no route matches: 404 or 405 as problem+json', table: 'none', schedules: false, alerts: false },
  'sla-timer': { description: 'Fires one SLA timer (target of every schedule)', table: 'write', schedules: false, alerts: true },
  sweeper: { description: 'Every minute: fires due timers and sends unsent alerts that a trigger missed', table: 'write', schedules: false, alerts: true },
};
