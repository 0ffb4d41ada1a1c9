import * as z from 'zod/mini';
import { TIMER_KIND, type TimerKind } from '../domain/sla-timers.js';
import type { TimerPayload } from '../ports/sla-timers.js';

/** The payload EventBridge Scheduler (or the paging trigger) delivers: parsed, never trusted. */
export const timerPayloadSchema = z.pipe(
  z.strictObject({
    caseNumber: z.string().check(z.regex(/^\d{8}$/)),
    timer: z.string().check(z.regex(TIMER_KIND)),
    revision: z.int().check(z.positive()),
    dueAt: z.iso.datetime(),
  }),
  z.transform((payload): TimerPayload => ({ ...payload, timer: payload.timer as TimerKind })),
);
