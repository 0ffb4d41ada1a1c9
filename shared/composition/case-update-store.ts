import { DynamoDbCaseUpdateStore } from '../adapters/dynamodb/dynamodb-case-update-store.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { CaseData } from './case-data.js';

export const caseUpdateStoreOf = (data: CaseData): CaseUpdateStore => new DynamoDbCaseUpdateStore(data.dynamo, data.tableName, data.secretsTableName);
