import { DynamoDbIdempotencyRecords } from '../adapters/dynamodb/idempotency-records.js';
import type { IdempotencyRecords } from '../ports/idempotency-records.js';
import type { CaseData } from './case-data.js';

/** Where retried requests find their Idempotency-Key (intake, updates, page acknowledgements). */
export const idempotencyRecordsOf = (data: CaseData): IdempotencyRecords => new DynamoDbIdempotencyRecords(data.dynamo, data.tableName);
