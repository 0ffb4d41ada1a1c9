import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { PagingTrigger } from '../../ports/paging-trigger.js';
import type { TimerPayload } from '../../ports/sla-timers.js';

/**
 * Runs a paging step now in the paging function: an asynchronous invocation
 * (Lambda queues it and retries it twice), with the payload a schedule would
 * deliver, so the function handles both alike.
 */
export class LambdaPagingTrigger implements PagingTrigger {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionArn: string,
  ) {}

  async pageNow(payload: TimerPayload): Promise<void> {
    await this.client.send(new InvokeCommand({ FunctionName: this.functionArn, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
  }
}
