import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { ALERT_TOPICS } from '../../domain/policy-terms.js';
import { TIMER_KIND, type TimerKind } from '../../domain/sla-timers.js';
import type { StoredTimer } from '../../ports/case-update-store.js';
import { integer, text } from './item-schemas.js';

/** An SLA timer (or page step) read back (written by `timerItem` in items.ts): parsed, not trusted. */
const timerSchema = z.object({
  caseNumber: text,
  kind: z.pipe(text.check(z.regex(TIMER_KIND)), z.transform((kind: string) => kind as TimerKind)),
  revision: integer,
  dueAt: z.pipe(text, z.transform((iso: string) => Date.parse(iso))),
  topics: z.array(z.enum(ALERT_TOPICS)),
  status: z.enum(['pending', 'fired', 'cancelled']),
});

export function parseTimer(item: Record<string, AttributeValue>): StoredTimer {
  return timerSchema.parse(unmarshall(item));
}
