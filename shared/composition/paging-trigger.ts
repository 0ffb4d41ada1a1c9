import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaPagingTrigger } from '../adapters/lambda/lambda-paging-trigger.js';
import { type AppConfig, required } from '../config/app-config.js';
import type { PagingTrigger } from '../ports/paging-trigger.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** A paging step due now runs in the paging function (an asynchronous invocation), built on the first page. */
export function lambdaPagingTrigger(config: Pick<AppConfig, 'AWS_REGION' | 'PAGING_FUNCTION_ARN'>): PagingTrigger {
  return lazy<PagingTrigger>(() => new LambdaPagingTrigger(new LambdaClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, 'PAGING_FUNCTION_ARN')));
}
