/**
 * `npm run backfill:reports`: completes, once, the cases written before the SLA report's aggregates (in their present
 * form) or the listing's list entries existed: counts them in their aggregates and writes their list entries,
 * whichever they lack (each in a transaction conditional on its version; safe to run again and while the service
 * runs). Run it once after the deploy that adds them or changes the aggregates' form (cases counted in the earlier
 * form are counted again in the new one; the earlier items are no longer read), with credentials that may read and
 * write the case table:
 * `TABLE_NAME=<the stack's TableName output> AWS_REGION=<region> npm run backfill:reports`.
 * Locally (`DYNAMODB_ENDPOINT`), `npm start` already runs it at start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { secretsTableName } from '../shared/adapters/dynamodb/table-layout.js';
import { caseBackfillOf } from '../shared/composition/case-backfill.js';
import { caseUpdateStoreOf } from '../shared/composition/case-update-store.js';
import { createLogger } from '../shared/observability/logger.js';
import { makeBackfillReportAggregates } from '../shared/use-cases/backfill-report-aggregates.js';

const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error('TABLE_NAME must name the case table');
  process.exit(2);
}
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = new DynamoDBClient({
  ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}),
  ...(endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});
// A case changed to itself writes no secrets; the secrets table is named only because the store is built with it.
const data = { dynamo: client, tableName, secretsTableName: process.env.SECRETS_TABLE_NAME ?? secretsTableName(tableName) };
try {
  const backfill = makeBackfillReportAggregates({
    backfill: caseBackfillOf(data),
    updates: caseUpdateStoreOf(data),
    logger: createLogger({ level: 'info' }),
  });
  const { counted, skipped } = await backfill();
  console.log(`report aggregates and list entries: ${counted} cases completed, ${skipped} already completed by a change meanwhile`);
} finally {
  client.destroy();
}
