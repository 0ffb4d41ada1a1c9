import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredIdempotency } from '../../ports/case-store.js';
import { idempotencyItemSchema } from './case-item.js';
import { idempotencyKey, storeCall } from './items.js';

/**
 * The record of a request's Idempotency-Key, read consistently: what a retry answers from. The case store reads it
 * through here, and so does a function that needs nothing else of the case store (acknowledging a page).
 */
export async function findIdempotencyRecord(client: DynamoDBClient, tableName: string, scope: string, key: string): Promise<StoredIdempotency | undefined> {
  const result = await storeCall(() => client.send(new GetItemCommand({ TableName: tableName, Key: marshall(idempotencyKey(scope, key)), ConsistentRead: true })));
  return result.Item ? idempotencyItemSchema.parse(unmarshall(result.Item)) : undefined;
}
