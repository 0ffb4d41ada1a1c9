import type { AddressInfo } from 'node:net';
import { createDevVerifier } from './dev-auth.js';
import { ensureTable, localClient } from './dynamodb-local.js';
import { HANDLERS } from './handlers.js';
import { createLocalRuntime } from './runtime.js';

export interface LocalService {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the API over HTTP with the local adapters: sets the environment the
 * composition root reads (as the CDK stack does for Lambda), creates the table
 * if it is missing, and listens. Used by `npm start` and by the API tests.
 */
export async function startLocalService(options: {
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
}): Promise<LocalService> {
  process.env.TABLE_NAME = options.tableName;
  process.env.DYNAMODB_ENDPOINT = options.dynamoEndpoint;
  process.env.AWS_REGION ??= 'local';

  const client = localClient(options.dynamoEndpoint);
  try {
    await ensureTable(client, options.tableName);
  } finally {
    client.destroy();
  }

  const server = createLocalRuntime({ handlers: HANDLERS, verify: await createDevVerifier(options.dataDir), ...(options.log ? { log: options.log } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
