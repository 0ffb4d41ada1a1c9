import middy from '@middy/core';
import { slaTimer } from '../shared/composition/sla-triggers.js';
import { logger } from '../shared/composition/settings.js';
import { timerPayloadSchema } from '../shared/http/timer-payload.js';
import * as z from 'zod/mini';

/**
 * Target of every SLA schedule. Acts only if the timer is still current; a
 * repeated delivery changes nothing. A store outage is thrown so that Scheduler
 * retries (and, in the end, dead-letters) it; a malformed payload is logged and
 * dropped, since retrying it cannot help.
 */
export const handler = middy<unknown, { outcome: string }>().handler(async (event) => {
  const parsed = z.safeParse(timerPayloadSchema, event);
  if (!parsed.success) {
    logger().error('malformed timer payload dropped', { issues: parsed.error.issues.length });
    return { outcome: 'rejected' };
  }
  const outcome = await slaTimer().fireTimer(parsed.data);
  logger().info('timer delivered', { caseNumber: parsed.data.caseNumber, timer: parsed.data.timer, revision: parsed.data.revision, outcome });
  return { outcome };
});
