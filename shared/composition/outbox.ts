import { DynamoDbOutbox } from '../adapters/dynamodb/dynamodb-outbox.js';
import type { Outbox } from '../ports/outbox.js';
import type { CaseData } from './case-data.js';

/** The cases' outbox and mail bookkeeping: only what sends or receives messages builds (and bundles) it. */
export const outboxOf = (data: CaseData): Outbox => new DynamoDbOutbox(data.dynamo, data.tableName);
