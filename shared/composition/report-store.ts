import { DynamoDbReportStore } from '../adapters/dynamodb/dynamodb-report-store.js';
import type { ReportStore } from '../ports/report-store.js';
import type { CaseData } from './case-data.js';

export const reportStoreOf = (data: CaseData): ReportStore => new DynamoDbReportStore(data.dynamo, data.tableName);
