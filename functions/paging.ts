import middy from '@middy/core';
import * as z from 'zod/mini';
import { paging } from '../shared/composition/paging.js';
import { logger } from '../shared/composition/settings.js';
import { timerPayloadSchema } from '../shared/http/timer-payload.js';

const sweepSchema = z.strictObject({ sweep: z.literal(true) });

/**
 * The paging function, the only one that may send SMS: the target of every paging step's schedule (and of the
 * asynchronous invocation that runs a step already due), and, every minute, the paging sweep (`{"sweep": true}`).
 * A store outage is thrown so that the trigger retries; a malformed payload is logged and dropped.
 */
export const handler = middy<unknown, { outcome: string }>().handler(async (event) => {
  const deps = paging();
  if (z.safeParse(sweepSchema, event).success) {
    const result = await deps.paging.sweepPaging();
    if (result.stepsFired + result.messagesSent + result.messagesFailed > 0) logger().info('paging sweep', result);
    return { outcome: 'swept' };
  }
  const parsed = z.safeParse(timerPayloadSchema, event);
  if (!parsed.success) {
    logger().error('malformed paging payload dropped', { issues: parsed.error.issues.length });
    return { outcome: 'rejected' };
  }
  const outcome = await deps.paging.firePageStep(parsed.data);
  logger().info('paging step delivered', { caseNumber: parsed.data.caseNumber, timer: parsed.data.timer, page: parsed.data.revision, outcome });
  return { outcome };
});
