import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CaseSecrets } from '../../domain/support-case.js';
import type { SecretsReader } from '../../ports/secrets-reader.js';
import { secretsKey } from './items.js';
import { storeCall } from './store-calls.js';

/** A case's secrets, read consistently from the secrets table (written by intake and updates; absent items read as none). */
export class DynamoDbSecretsReader implements SecretsReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly secretsTableName: string,
  ) {}

  async getSecrets(caseNumber: string): Promise<CaseSecrets> {
    const result = await storeCall(() =>
      this.client.send(new GetItemCommand({ TableName: this.secretsTableName, Key: marshall(secretsKey(caseNumber)), ConsistentRead: true })),
    );
    const item = result.Item ? unmarshall(result.Item) : {};
    return { appCredentials: typeof item.appCredentials === 'string' ? item.appCredentials : null, remoteAccess: typeof item.remoteAccess === 'string' ? item.remoteAccess : null };
  }
}
