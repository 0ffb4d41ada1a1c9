import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { RecordedEvent } from '../../domain/timeline-event.js';

/** A timeline event read back (written by `eventItem` in items.ts): parsed, not trusted. Only the case reader reads them. */
const eventSchema = z.object({
  sk: z.string(),
  kind: z.string(),
  at: z.string(),
  actor: z.object({ role: z.string(), name: z.string() }),
  visibility: z.enum(['public', 'internal']),
  discriminator: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export function parseEvent(item: Record<string, AttributeValue>): RecordedEvent {
  const { sk, ...event } = eventSchema.parse(unmarshall(item));
  return { ...(event as Omit<RecordedEvent, 'id'>), id: sk };
}
