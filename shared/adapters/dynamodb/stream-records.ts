import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { FollowUpRecorded, RecordedWork } from '../../use-cases/follow-up-recorded.js';
import { parseAlert, parseMail, parseTimer } from './items.js';

/**
 * The table's stream as Lambda delivers it (NEW_AND_OLD_IMAGES): what the change functions recorded and someone
 * must now carry out. Only the fields read here are checked; the images are DynamoDB items, parsed by the item
 * parsers of items.ts like any item read from the table.
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

/** A record this function has nothing to do for (a case, an event, a list entry, an alert being claimed…). */
const NOTHING = null;

/**
 * What one record asks for:
 * - a timer item inserted pending: arm it (a schedule, or at once if due);
 * - a timer item that went from pending to cancelled: delete its schedule;
 * - an alert or a customer mail inserted into the outbox: send it.
 * A record whose image does not parse is reported (retrying it cannot help; the sweeper still sees the item).
 */
function workOf(record: StreamRecord): { readonly caseNumber: string; readonly work: Partial<Omit<RecordedWork, 'caseNumber' | 'sequenceNumbers'>> } | typeof NOTHING {
  const { NewImage: next, OldImage: previous } = record.dynamodb;
  const type = next?.['type']?.S;
  if (!next) return NOTHING;
  if (record.eventName === 'INSERT' && type === 'timer') {
    const timer = parseTimer(next);
    if (timer.status !== 'pending') return NOTHING;
    return { caseNumber: timer.caseNumber, work: { create: [{ kind: timer.kind, revision: timer.revision, dueAt: timer.dueAt, topics: timer.topics }] } };
  }
  if (record.eventName === 'MODIFY' && type === 'timer' && previous?.['status']?.S === 'pending') {
    const timer = parseTimer(next);
    if (timer.status !== 'cancelled') return NOTHING;
    return { caseNumber: timer.caseNumber, work: { cancel: [{ kind: timer.kind, revision: timer.revision }] } };
  }
  if (record.eventName === 'INSERT' && type === 'alert') {
    const alert = parseAlert(next);
    return { caseNumber: alert.caseNumber, work: { alerts: [{ caseNumber: alert.caseNumber, alertId: alert.alertId }] } };
  }
  if (record.eventName === 'INSERT' && type === 'mail') {
    const mail = parseMail(next);
    return { caseNumber: mail.caseNumber, work: { mails: [{ caseNumber: mail.caseNumber, mailId: mail.mailId }] } };
  }
  return NOTHING;
}

/**
 * The work a batch of stream records asks for, one entry per case in the order the cases first appear (a
 * transaction's items arrive together), each with the sequence numbers of its records so that a case whose work
 * fails can be handed back to Lambda for a retry. Records whose image does not parse are listed apart.
 */
export function recordedWorkOf(event: StreamEvent): { readonly work: RecordedWork[]; readonly unreadable: readonly string[] } {
  const byCase = new Map<string, { caseNumber: string; create: RecordedWork['create'][number][]; cancel: RecordedWork['cancel'][number][]; alerts: RecordedWork['alerts'][number][]; mails: RecordedWork['mails'][number][]; sequenceNumbers: string[] }>();
  const unreadable: string[] = [];
  for (const record of event.Records) {
    let found: ReturnType<typeof workOf>;
    try {
      found = workOf(record);
    } catch {
      unreadable.push(record.dynamodb.SequenceNumber);
      continue;
    }
    if (!found) continue;
    let entry = byCase.get(found.caseNumber);
    if (!entry) byCase.set(found.caseNumber, (entry = { caseNumber: found.caseNumber, create: [], cancel: [], alerts: [], mails: [], sequenceNumbers: [] }));
    entry.create.push(...(found.work.create ?? []));
    entry.cancel.push(...(found.work.cancel ?? []));
    entry.alerts.push(...(found.work.alerts ?? []));
    entry.mails.push(...(found.work.mails ?? []));
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
