import middy from '@middy/core';
import { followUps } from '../shared/composition/follow-up.js';
import { logger } from '../shared/composition/settings.js';

/** Lambda's answer to a stream batch: the records to deliver again (this one and every later one of its shard). */
interface BatchResponse {
  readonly batchItemFailures: readonly { readonly itemIdentifier: string }[];
}

/**
 * Fed by the case table's stream (NEW_AND_OLD_IMAGES, filtered to timer, alert and mail items): carries out what
 * the change functions recorded. A batch that is not a stream batch is thrown (Lambda retries it, then sends it to
 * the dead-letter queue); a record whose item does not parse is logged and skipped (a retry cannot help, and the
 * sweeper still sees the item); a case whose work fails is handed back for a retry.
 */
export const handler = middy<unknown, BatchResponse>().handler(async (event) => {
  const { retry, unreadable } = await followUps().followUpStream(event);
  if (unreadable.length > 0) logger().error('stream records whose item does not parse were skipped', { records: unreadable.length, first: unreadable[0] });
  return { batchItemFailures: retry.map((itemIdentifier) => ({ itemIdentifier })) };
});
