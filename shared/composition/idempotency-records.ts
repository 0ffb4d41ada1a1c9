import { findIdempotencyRecord } from '../adapters/dynamodb/idempotency-records.js';
import type { CaseStore } from '../ports/case-store.js';
import type { CaseData } from './case-data.js';

/** The case store's idempotency lookup alone, for a function that needs nothing else of it (functions/pages). */
export const idempotencyRecordsOf = (data: CaseData): Pick<CaseStore, 'findIdempotency'> => ({
  findIdempotency: (scope, key) => findIdempotencyRecord(data.dynamo, data.tableName, scope, key),
});
