import { DynamoDbSecretsReader } from '../adapters/dynamodb/dynamodb-secrets-reader.js';
import type { SecretsReader } from '../ports/secrets-reader.js';
import type { CaseData } from './case-data.js';

/** The secrets table, read by the credentials route (functions/cases-update) alone. */
export const secretsReaderOf = (data: CaseData): SecretsReader => new DynamoDbSecretsReader(data.dynamo, data.secretsTableName);
