import { DynamoDbCaseBackfill } from '../adapters/dynamodb/dynamodb-case-backfill.js';
import type { CaseBackfill } from '../ports/case-backfill.js';
import type { CaseData } from './case-data.js';

/** The cases the report aggregates' and list entries' backfill completes (the full wiring alone). */
export const caseBackfillOf = (data: CaseData): CaseBackfill => new DynamoDbCaseBackfill(data.dynamo, data.tableName);
