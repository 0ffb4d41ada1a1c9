import { DynamoDbSecretsReader } from '../adapters/dynamodb/dynamodb-secrets-reader.js';
import type { SecretsReader } from '../ports/secrets-reader.js';
import type { CaseData } from './case-data.js';

/** The secrets table, read by the credentials route (functions/case-credentials) alone. */
export const secretsReaderOf = (data: CaseData): SecretsReader => new DynamoDbSecretsReader(data.dynamo, data.secretsTableName);
