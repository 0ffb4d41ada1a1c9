import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { FollowUpRecorded, RecordedWork } from '../../use-cases/follow-up-recorded.js';
import { parseTimer } from './timer-item.js';

/**
 * The table's stream as Lambda delivers it (NEW_AND_OLD_IMAGES): what the change functions recorded and someone
 * must now carry out. Only the fields read here are checked; the images are DynamoDB items, parsed by the item
 * parsers (timer-item.ts, outbox-items.ts) like any item read from the table.
 */
const image = z.record(z.string(), z.custom<AttributeValue>((value) => typeof value === 'object' && value !== null));

export const streamEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
      dynamodb: z.object({ SequenceNumber: z.string().check(z.minLength(1)), NewImage: z.optional(image), OldImage: z.optional(image) }),
    }),
  ),
});

export type StreamEvent = z.infer<typeof streamEventSchema>;
type StreamRecord = StreamEvent['Records'][number];

type Work = Omit<RecordedWork, 'caseNumber' | 'sequenceNumbers'>;
type Found = { readonly [K in keyof Work]: { readonly caseNumber: string; readonly into: K; readonly item: Work[K][number] } }[keyof Work];

/** A string attribute of an image; a record without it is not one of ours to act on. */
function textOf(image: Record<string, AttributeValue>, name: string): string {
  const value = image[name]?.S;
  if (!value) throw new Error(`the item has no ${name}`);
  return value;
}

/**
 * What one record asks for (null: nothing, e.g. a case, an event, an alert being claimed):
 * - a timer item inserted pending: arm it (a schedule, or at once if due);
 * - a timer item that went from pending to cancelled: delete its schedule;
 * - an alert or a customer mail inserted into the outbox: send it (the sender reads and checks the item itself, so
 *   only its case number and id are read here).
 * A record whose image does not parse throws (retrying it cannot help; the sweeper still sees the item).
 */
function workOf(record: StreamRecord): Found | null {
  const { NewImage: next, OldImage: previous } = record.dynamodb;
  if (!next) return null;
  const type = next['type']?.S;
  if (type === 'timer' && (record.eventName === 'INSERT' || previous?.['status']?.S === 'pending')) {
    const { caseNumber, kind, revision, dueAt, topics, status } = parseTimer(next);
    if (record.eventName === 'INSERT' && status === 'pending') return { caseNumber, into: 'create', item: { kind, revision, dueAt, topics } };
    if (record.eventName === 'MODIFY' && status === 'cancelled') return { caseNumber, into: 'cancel', item: { kind, revision } };
    return null;
  }
  if (record.eventName !== 'INSERT') return null;
  const caseNumber = () => textOf(next, 'caseNumber');
  if (type === 'alert') return { caseNumber: caseNumber(), into: 'alerts', item: { caseNumber: caseNumber(), alertId: textOf(next, 'alertId') } };
  if (type === 'mail') return { caseNumber: caseNumber(), into: 'mails', item: { caseNumber: caseNumber(), mailId: textOf(next, 'mailId') } };
  return null;
}

/**
 * The work a batch of stream records asks for, one entry per case in the order the cases first appear (a
 * transaction's items arrive together), each with the sequence numbers of its records so that a case whose work
 * fails can be handed back to Lambda for a retry. Records whose image does not parse are listed apart.
 */
export function recordedWorkOf(event: StreamEvent): { readonly work: RecordedWork[]; readonly unreadable: readonly string[] } {
  const byCase = new Map<string, { caseNumber: string; sequenceNumbers: string[] } & { [K in keyof Work]: Work[K][number][] }>();
  const unreadable: string[] = [];
  for (const record of event.Records) {
    let found: Found | null;
    try {
      found = workOf(record);
    } catch {
      unreadable.push(record.dynamodb.SequenceNumber);
      continue;
    }
    if (!found) continue;
    let entry = byCase.get(found.caseNumber);
    if (!entry) byCase.set(found.caseNumber, (entry = { caseNumber: found.caseNumber, create: [], cancel: [], alerts: [], mails: [], sequenceNumbers: [] }));
    (entry[found.into] as Work[typeof found.into][number][]).push(found.item);
    entry.sequenceNumbers.push(record.dynamodb.SequenceNumber);
  }
  return { work: [...byCase.values()], unreadable };
}

/**
 * What functions/follow-up does with a batch Lambda hands it: parse it (a batch that is not a stream batch throws, so
 * Lambda retries it and then dead-letters it), then carry out its work. Answers the records to retry and those
 * skipped because their item does not parse.
 */
export function followUpStreamWith(followUpRecorded: FollowUpRecorded) {
  return async function followUpStream(batch: unknown): Promise<{ readonly retry: readonly string[]; readonly unreadable: readonly string[] }> {
    const { work, unreadable } = recordedWorkOf(streamEventSchema.parse(batch));
    const { retry } = await followUpRecorded(work);
    return { retry, unreadable };
  };
}
