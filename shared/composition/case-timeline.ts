import { appendEventItems } from '../adapters/dynamodb/store-writes.js';
import type { CaseTimeline } from '../ports/case-update-store.js';
import type { CaseData } from './case-data.js';

/** A case's timeline alone, for functions that append events and change nothing else: nothing of the update store (transactions, aggregates, outbox) is bundled. */
export const caseTimelineOf = (data: CaseData): CaseTimeline => ({ appendEvents: (caseNumber, events) => appendEventItems(data.dynamo, data.tableName, caseNumber, events) });
