import { DynamoDbCaseLoader } from '../adapters/dynamodb/dynamodb-case-loader.js';
import type { CaseLoader } from '../ports/case-update-store.js';
import type { CaseData } from './case-data.js';

/** The case with its timers alone, for a function that changes nothing else of a case (functions/pages): nothing of the update store is bundled. */
export const caseLoaderOf = (data: CaseData): CaseLoader => new DynamoDbCaseLoader(data.dynamo, data.tableName);
