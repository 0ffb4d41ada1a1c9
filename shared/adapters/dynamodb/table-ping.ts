import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { COUNTER_KEY } from './items.js';
import { storeCall } from './store-calls.js';

/** The table answers: one read of the case counter (health checks; the case reader's `ping`). */
export async function pingTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await storeCall(() => client.send(new GetItemCommand({ TableName: tableName, Key: marshall(COUNTER_KEY) })));
}
