import { readCase } from '../adapters/dynamodb/case-item.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseData } from './case-data.js';

/**
 * A case alone, by its number, for functions that read nothing else (intake, updates, the credentials route, mail
 * feedback): a module of its own, so none of them bundles the case reader (listings, timelines and their schemas).
 */
export const caseLookupOf = (data: CaseData): Pick<CaseReader, 'getCase'> => ({ getCase: (caseNumber) => readCase(data.dynamo, data.tableName, caseNumber) });
