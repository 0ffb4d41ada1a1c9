import type { Context } from 'aws-lambda';
import { handler as casesRead } from '../functions/cases-read.js';
import { handler as casesWrite } from '../functions/cases-write.js';
import { handler as health } from '../functions/health.js';
import { handler as notFound } from '../functions/not-found.js';
import type { HttpEvent, HttpResult } from '../shared/http/http-handler.js';
import type { FunctionName } from '../shared/http/routes.js';

export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** The very handler modules Lambda runs, by the function names the route table uses. */
export const HANDLERS: Record<FunctionName, LambdaHandler> = {
  health,
  'cases-read': casesRead,
  'cases-write': casesWrite,
  'not-found': notFound,
};
