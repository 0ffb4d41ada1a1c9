import { DynamoDbCaseStore } from '../adapters/dynamodb/dynamodb-case-store.js';
import type { CaseStore } from '../ports/case-store.js';
import type { CaseData } from './case-data.js';

export const caseStoreOf = (data: CaseData): CaseStore => new DynamoDbCaseStore(data.dynamo, data.tableName, data.secretsTableName);
