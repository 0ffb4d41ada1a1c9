/**
 * `npm start`: DynamoDB Local (data kept in DATA_DIR, default .data), the table,
 * and the HTTP API on http://localhost:3000 (PORT overrides it). Ctrl-C stops
 * everything it started.
 */
import { join } from 'node:path';
import { type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local.js';
import { LOCAL_TABLE_NAME, dataDir, port } from './local-settings.js';
import { type LocalService, startLocalService } from './local-service.js';

const started = Date.now();
let dynamo: RunningDynamoDb | undefined;
let service: LocalService | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\nstopping…\n');
    await service?.close().catch(() => undefined);
    await dynamo?.stop().catch(() => undefined);
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));

try {
  const dir = dataDir();
  dynamo = await startDynamoDbLocal({ dataDir: join(dir, 'dynamodb') });
  dynamo.process.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`DynamoDB Local stopped unexpectedly (exit code ${code}); stopping.\n`);
      void stop(1);
    }
  });
  service = await startLocalService({ dynamoEndpoint: dynamo.endpoint, tableName: LOCAL_TABLE_NAME, dataDir: dir, port: port(), host: '127.0.0.1' });
  process.stdout.write(
    [
      '',
      `Support portal and API serving on ${service.url} (ready in ${Date.now() - started} ms)`,
      `  Portal: ${service.url}/  (development sign-in: pick a role and an institution)`,
      `  DynamoDB Local: ${dynamo.endpoint}, data in ${join(dir, 'dynamodb')}`,
      '',
      'Get a token (in another terminal):',
      '  TOKEN=$(npm run --silent token -- --role customer --institution uni-a)',
      '  TOKEN=$(npm run --silent token -- --role agent)',
      'Then:',
      `  curl -s ${service.url}/health`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${service.url}/cases`,
      '',
      'Ctrl-C stops the API and DynamoDB Local.',
      '',
    ].join('\n'),
  );
} catch (error) {
  process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
  await stop(1);
}
