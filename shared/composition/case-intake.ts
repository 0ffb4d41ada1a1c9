import { DynamoDbCaseIntake } from '../adapters/dynamodb/dynamodb-case-intake.js';
import type { CaseIntake } from '../ports/case-intake.js';
import type { CaseData } from './case-data.js';

/** Where cases are opened (functions/cases-write alone). */
export const caseIntakeOf = (data: CaseData): CaseIntake => new DynamoDbCaseIntake(data.dynamo, data.tableName, data.secretsTableName);
