import { DynamoDbDueWork } from '../adapters/dynamodb/dynamodb-due-work.js';
import type { DueWork } from '../ports/due-work.js';
import type { CaseData } from './case-data.js';

/** What the sweepers find due (functions/sweeper, the paging sweep): nothing that fires one timer bundles it. */
export const dueWorkOf = (data: CaseData): DueWork => new DynamoDbDueWork(data.dynamo, data.tableName);
