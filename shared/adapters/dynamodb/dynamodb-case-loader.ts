import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CaseLoader, StoredTimer } from '../../ports/case-update-store.js';
import type { SupportCase } from '../../domain/support-case.js';
import { readCase } from './case-item.js';
import { casePartition } from './items.js';
import { parseTimer } from './timer-item.js';
import { caseItemsBeginningWith } from './store-calls.js';

/** A case with its timers, read consistently: what a change starts from. The update store reads them through here, and so does a function that changes nothing else of a case (acknowledging a page). */
export class DynamoDbCaseLoader implements CaseLoader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async loadCase(caseNumber: string): Promise<{ supportCase: SupportCase; timers: StoredTimer[] } | undefined> {
    const [supportCase, timerItems] = await Promise.all([
      readCase(this.client, this.tableName, caseNumber),
      caseItemsBeginningWith(this.client, this.tableName, casePartition(caseNumber), 'TIMER#'),
    ]);
    if (!supportCase) return undefined;
    return { supportCase, timers: timerItems.map(parseTimer) };
  }
}
