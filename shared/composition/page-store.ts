import { DynamoDbPageStore } from '../adapters/dynamodb/dynamodb-page-store.js';
import type { PageStore } from '../ports/page-store.js';
import type { CaseData } from './case-data.js';

/** The pages of the cases and their outbox, in the case table. */
export const pageStoreOf = (data: CaseData): PageStore => new DynamoDbPageStore(data.dynamo, data.tableName);
