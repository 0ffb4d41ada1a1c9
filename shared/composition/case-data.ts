import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { secretsTableName } from '../adapters/dynamodb/table-layout.js';
import type { DATA_SETTINGS, Settings } from '../config/app-config.js';
import { AWS_CALL_LIMITS } from './settings.js';

/** Where the case data lives: a DynamoDB client and the two tables (what the DynamoDB stores are built from). */
export interface CaseData {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly secretsTableName: string;
}

/** DynamoDB (or DynamoDB Local at DYNAMODB_ENDPOINT) and the tables configuration names. */
export function caseDataOf(config: Settings<typeof DATA_SETTINGS>): CaseData {
  return {
    dynamo: new DynamoDBClient({
      region: config.AWS_REGION,
      ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      ...AWS_CALL_LIMITS,
    }),
    tableName: config.TABLE_NAME,
    secretsTableName: config.SECRETS_TABLE_NAME ?? secretsTableName(config.TABLE_NAME),
  };
}
