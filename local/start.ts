/**
 * `npm start`: DynamoDB Local (data kept in DATA_DIR, default .data), the table,
 * the HTTP API on http://localhost:3000 (PORT overrides it) and an SMTP server on
 * 127.0.0.1:2525 (SMTP_PORT overrides it) for customer mail.
 *
 * Ctrl-C (SIGINT) or SIGTERM stops gracefully: no new connections, requests in
 * flight finish (up to 5 s), then the timers, the sweeper and DynamoDB Local
 * stop, exit code 0. A second Ctrl-C stops at once. If DynamoDB Local dies, the
 * API answers 503 while it is restarted on the same port and data directory;
 * if it cannot be restarted, the service says so and stops with exit code 1.
 */
import { join } from 'node:path';
import { type SupervisedDynamoDb, superviseDynamoDbLocal } from './dynamodb-local.js';
import { LOCAL_TABLE_NAME, dataDir, port } from './local-settings.js';
import { type LocalService, startLocalService } from './local-service.js';
import { supportDirectory } from '../shared/config/support-config.js';
import { holidayCoverageWarnings } from '../shared/domain/holiday-coverage.js';
import { loadAppConfig } from '../shared/config/app-config.js';

const started = Date.now();
let dynamo: SupervisedDynamoDb | undefined;
let service: LocalService | undefined;
let stopping = false;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

async function stop(code: number): Promise<never> {
  if (stopping) {
    complain('stopping now.');
    process.exit(code || 1); // DynamoDB Local goes with us (see startDynamoDbLocal)
  }
  stopping = true;
  say('\nstopping: no new connections; finishing the requests in flight (up to 5 s)…');
  await service?.close().catch(() => undefined);
  await dynamo?.stop().catch(() => undefined);
  say('stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));

try {
  const dir = dataDir();
  dynamo = await superviseDynamoDbLocal({
    dataDir: join(dir, 'dynamodb'),
    detached: true,
    log: complain,
    onGiveUp: (reason) => {
      complain(`${reason}. The API cannot work without it: stopping. Check Java and the port, then run npm start again.`);
      void stop(1);
    },
  });
  service = await startLocalService({ dynamoEndpoint: dynamo.endpoint, tableName: LOCAL_TABLE_NAME, dataDir: dir, port: port(), host: '127.0.0.1' });
  say(
    [
      '',
      `Support portal and API serving on ${service.url} (ready in ${Date.now() - started} ms)`,
      `  Portal: ${service.url}/  (development sign-in: pick a role and an institution)`,
      `  DynamoDB Local: ${dynamo.endpoint} (pid ${dynamo.pid}), data in ${join(dir, 'dynamodb')}`,
      `  SMTP: 127.0.0.1:${service.smtpPort} (replies to support+<case>@${loadAppConfig().MAIL_DOMAIN}); mail sent to customers: ${service.url}/local/mailbox and ${join(dir, 'mailbox.jsonl')}`,
      '',
      'Get a token (in another terminal):',
      '  TOKEN=$(npm run --silent token -- --role customer --institution uni-a)',
      '  TOKEN=$(npm run --silent token -- --role agent)',
      'Then:',
      `  curl -s ${service.url}/health`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${service.url}/cases`,
      '',
      'Ctrl-C stops the API (after the requests in flight) and DynamoDB Local.',
      ...holidayCoverageWarnings(supportDirectory().calendars.values(), Date.now()).map((w) => `warning: ${w.message}`),
      '',
    ].join('\n'),
  );
} catch (error) {
  complain(`npm start failed: ${(error as Error).message}`);
  await stop(1);
}
