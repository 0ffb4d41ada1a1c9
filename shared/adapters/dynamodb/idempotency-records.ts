import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { IdempotencyRecords, StoredIdempotency } from '../../ports/idempotency-records.js';
import { text } from './item-schemas.js';
import { idempotencyKey } from './items.js';
import { storeCall } from './store-calls.js';

/** An idempotency record read back (written by `idempotencyItem` in items.ts). */
const idempotencyItemSchema = z.object({
  fingerprint: text,
  caseNumber: text,
  /** What the first request answered, for requests whose answer is more than the case (a comment). */
  result: z.optional(z.record(text, z.unknown())),
});

/**
 * The records of requests' Idempotency-Keys, read consistently: what a retry answers from. Intake, updates and page
 * acknowledgements each look them up through here.
 */
export class DynamoDbIdempotencyRecords implements IdempotencyRecords {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined> {
    const result = await storeCall(() => this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(idempotencyKey(scope, key)), ConsistentRead: true })));
    return result.Item ? idempotencyItemSchema.parse(unmarshall(result.Item)) : undefined;
  }
}
