import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { RecordedEvent } from '../../domain/timeline-event.js';
import { number, text } from './item-schemas.js';

/** A timeline event read back (written by `eventItem` in items.ts): parsed, not trusted. Only the case reader reads them. */
const eventSchema = z.object({
  sk: text,
  kind: text,
  at: text,
  actor: z.object({ role: text, name: text }),
  visibility: z.enum(['public', 'internal']),
  discriminator: text,
  details: z.record(text, z.union([text, number, z.boolean(), z.null()])),
});

export function parseEvent(item: Record<string, AttributeValue>): RecordedEvent {
  const { sk, ...event } = eventSchema.parse(unmarshall(item));
  return { ...(event as Omit<RecordedEvent, 'id'>), id: sk };
}
