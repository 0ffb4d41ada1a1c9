import { readCase } from '../adapters/dynamodb/case-item.js';
import { DynamoDbCaseReader } from '../adapters/dynamodb/dynamodb-case-reader.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseData } from './case-data.js';

/** Where cases are read (nothing of intake or updates is built or bundled with it). */
export const caseReaderOf = (data: CaseData): CaseReader => new DynamoDbCaseReader(data.dynamo, data.tableName);

/** A case alone, by its number, for functions that read nothing else (intake, updates, mail feedback, inbound mail): no listings are bundled. */
export const caseLookupOf = (data: CaseData): Pick<CaseReader, 'getCase'> => ({ getCase: (caseNumber) => readCase(data.dynamo, data.tableName, caseNumber) });
