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
import { DynamoDbCaseUpdateStore } from '../shared/adapters/dynamodb/dynamodb-case-update-store.js';
import { DynamoDbCaseBackfill } from '../shared/adapters/dynamodb/dynamodb-case-backfill.js';
import { secretsTableName } from '../shared/adapters/dynamodb/table-layout.js';
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
try {
  const backfill = makeBackfillReportAggregates({
    backfill: new DynamoDbCaseBackfill(client, tableName),
    // A case changed to itself writes no secrets; the table is named only because the store is built with it.
    updates: new DynamoDbCaseUpdateStore(client, tableName, secretsTableName(tableName)),
    logger: createLogger({ level: 'info' }),
  });
  const { counted, skipped } = await backfill();
  console.log(`report aggregates and list entries: ${counted} cases completed, ${skipped} already completed by a change meanwhile`);
} finally {
  client.destroy();
}
