import middy from '@middy/core';
import * as z from 'zod';
import { dependencies, logger } from '../shared/composition-root.js';
import { TIMER_KIND, type TimerKind } from '../shared/domain/sla-timers.js';

/** The payload EventBridge Scheduler delivers (see EventBridgeSlaTimers), parsed, never trusted. */
const payloadSchema = z.strictObject({
  caseNumber: z.string().regex(/^\d{8}$/),
  timer: z
    .string()
    .regex(TIMER_KIND)
    .transform((kind) => kind as TimerKind),
  revision: z.number().int().positive(),
  dueAt: z.iso.datetime(),
});

/**
 * Target of every SLA schedule. Acts only if the timer is still current; a
 * repeated delivery changes nothing. A store outage is thrown so that Scheduler
 * retries (and, in the end, dead-letters) it; a malformed payload is logged and
 * dropped, since retrying it cannot help.
 */
export const handler = middy<unknown, { outcome: string }>().handler(async (event) => {
  const parsed = payloadSchema.safeParse(event);
  if (!parsed.success) {
    logger().error('malformed timer payload dropped', { issues: parsed.error.issues.length });
    return { outcome: 'rejected' };
  }
  const outcome = await dependencies().fireTimer(parsed.data);
  logger().info('timer delivered', { caseNumber: parsed.data.caseNumber, timer: parsed.data.timer, revision: parsed.data.revision, outcome });
  return { outcome };
});
