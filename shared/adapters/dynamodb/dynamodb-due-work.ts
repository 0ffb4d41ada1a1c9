import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { Page, StoredTimer } from '../../ports/case-update-store.js';
import type { DueWork } from '../../ports/due-work.js';
import { text } from './item-schemas.js';
import { purgeKey } from './items.js';
import { conditionalUpdate, page, queryPending } from './store-writes.js';
import { INDEXES } from './table-layout.js';
import { parseTimer } from './timer-item.js';

const PENDING = INDEXES.pending;
const purgeItemSchema = z.object({ caseNumber: text });

/** Due timers, page steps and secrets purges, a page of the pending index at a time; a purge no longer due taken out of it. */
export class DynamoDbDueWork implements DueWork {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async dueTimers(now: number, limit: number, after?: string, queue: 'sla' | 'paging' = 'sla'): Promise<Page<StoredTimer>> {
    const result = await queryPending(this.client, this.tableName, limit, after, {
      // Sort keys are `<due instant>#<case>#<kind>`: everything below `<now>$` is due ('$' follows '#').
      KeyConditionExpression: '#pk = :timers AND #sk < :upper',
      ExpressionAttributeNames: { '#pk': PENDING.partition, '#sk': PENDING.sort },
      ExpressionAttributeValues: marshall({ ':timers': queue === 'sla' ? 'TIMER' : 'PAGE', ':upper': `${new Date(now).toISOString()}$` }),
    });
    return page((result.Items ?? []).map(parseTimer).filter((timer) => timer.status === 'pending'), result.LastEvaluatedKey);
  }

  async duePurges(now: number, limit: number, after?: string): Promise<Page<string>> {
    const result = await queryPending(this.client, this.tableName, limit, after, {
      KeyConditionExpression: '#pk = :purge AND #sk < :upper',
      ExpressionAttributeNames: { '#pk': PENDING.partition, '#sk': PENDING.sort },
      ExpressionAttributeValues: marshall({ ':purge': 'PURGE', ':upper': `${new Date(now).toISOString()}$` }),
    });
    return page((result.Items ?? []).map((item) => purgeItemSchema.parse(unmarshall(item)).caseNumber), result.LastEvaluatedKey);
  }

  async retirePurge(caseNumber: string): Promise<void> {
    await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: marshall(purgeKey(caseNumber)),
      UpdateExpression: `SET #status = :cancelled REMOVE ${PENDING.partition}, ${PENDING.sort}`,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':cancelled': 'cancelled', ':pending': 'pending' }),
    });
  }
}
