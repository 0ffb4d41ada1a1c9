import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CaseLoader, StoredTimer } from '../../ports/case-update-store.js';
import type { SupportCase } from '../../domain/support-case.js';
import { readCase } from './case-item.js';
import { casePartition } from './items.js';
import { parseTimer } from './timer-item.js';
import { storeCall } from './store-calls.js';
import { KEY } from './table-layout.js';

/** A case with its timers, read consistently: what a change starts from. The update store reads them through here, and so does a function that changes nothing else of a case (acknowledging a page). */
export class DynamoDbCaseLoader implements CaseLoader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async loadCase(caseNumber: string): Promise<{ supportCase: SupportCase; timers: StoredTimer[] } | undefined> {
    const [supportCase, timerResult] = await Promise.all([
      readCase(this.client, this.tableName, caseNumber),
      storeCall(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :timer)',
            ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
            ExpressionAttributeValues: marshall({ ':pk': casePartition(caseNumber), ':timer': 'TIMER#' }),
            ConsistentRead: true,
          }),
        ),
      ),
    ]);
    if (!supportCase) return undefined;
    return { supportCase, timers: (timerResult.Items ?? []).map(parseTimer) };
  }
}
