/**
 * `npm run backfill:reports`: counts, once, the cases written before the SLA report's aggregates existed (each in a
 * transaction conditional on its version; safe to run again and while the service runs). Run it once after the
 * deploy that adds the aggregates, with credentials that may read and write the case table:
 * `TABLE_NAME=<the stack's TableName output> AWS_REGION=<region> npm run backfill:reports`.
 * Locally (`DYNAMODB_ENDPOINT`), `npm start` already runs it at start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbReportStore } from '../shared/adapters/dynamodb/dynamodb-report-store.js';
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
  const backfill = makeBackfillReportAggregates({ reports: new DynamoDbReportStore(client, tableName), logger: createLogger({ level: 'info' }) });
  const { counted, skipped } = await backfill();
  console.log(`report aggregates: ${counted} cases counted, ${skipped} already counted by a change meanwhile`);
} finally {
  client.destroy();
}
