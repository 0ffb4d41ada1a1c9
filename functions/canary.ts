import middy from '@middy/core';
import { canary, canaryTarget } from '../shared/composition/canary.js';
import { logger } from '../shared/composition/settings.js';

/**
 * Every five minutes: GET /health through the public API, then a dry run of the paging path (the rota names
 * someone for every step, the messages render, a link token verifies; nothing is sent). Success counts
 * `CanaryChecksPassed`; its absence raises an alarm (missing data is breaching), and a failure also fails the
 * invocation (the function's error alarm).
 */
export const handler = middy<unknown, { health: string; steps: number; recipients: number }>().handler(async () => {
  const base = canaryTarget();
  const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(4_000) });
  const body = (await response.json().catch(() => ({}))) as { status?: string };
  if (response.status !== 200 || body.status !== 'ok') throw new Error(`GET /health answered ${response.status} ${body.status ?? ''}`);
  const deps = canary();
  const dryRun = await deps.paging.dryRun();
  deps.metrics.count('CanaryChecksPassed', 1);
  logger().info('canary passed', dryRun);
  return { health: body.status, ...dryRun };
});
