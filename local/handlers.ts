import type { Context } from 'aws-lambda';
import { handler as attachments } from '../functions/attachments.js';
import { handler as caseCredentials } from '../functions/case-credentials.js';
import { handler as casesRead } from '../functions/cases-read.js';
import { handler as casesUpdate } from '../functions/cases-update.js';
import { handler as casesWrite } from '../functions/cases-write.js';
import { handler as followUp } from '../functions/follow-up.js';
import { handler as health } from '../functions/health.js';
import { handler as knowledge } from '../functions/knowledge.js';
import { handler as notFound } from '../functions/not-found.js';
import { handler as oncall } from '../functions/oncall.js';
import { handler as pages } from '../functions/pages.js';
import { handler as paging } from '../functions/paging.js';
import { handler as reports } from '../functions/reports.js';
import { handler as slaTimer } from '../functions/sla-timer.js';
import { handler as sweeper } from '../functions/sweeper.js';
import type { HttpEvent, HttpResult } from '../shared/http/http-handler.js';
import type { FunctionName } from '../shared/http/routes.js';

export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** The very handler modules Lambda runs, by the function names the route table uses. */
export const HANDLERS: Record<FunctionName, LambdaHandler> = {
  health,
  'cases-read': casesRead,
  'cases-write': casesWrite,
  'cases-update': casesUpdate,
  'case-credentials': caseCredentials,
  attachments,
  reports,
  knowledge,
  pages,
  oncall,
  'not-found': notFound,
};

export type TriggerHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The functions that EventBridge (Scheduler, and the one-minute rules) and the table's stream invoke in AWS. */
export const TRIGGERS = {
  'sla-timer': slaTimer as TriggerHandler,
  'follow-up': followUp as TriggerHandler,
  sweeper: sweeper as TriggerHandler,
  paging: paging as TriggerHandler,
};
