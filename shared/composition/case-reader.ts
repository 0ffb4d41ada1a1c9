import { DynamoDbCaseReader } from '../adapters/dynamodb/dynamodb-case-reader.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseData } from './case-data.js';

/** Where cases are read (nothing of intake or updates is built or bundled with it). */
export const caseReaderOf = (data: CaseData): CaseReader => new DynamoDbCaseReader(data.dynamo, data.tableName);
