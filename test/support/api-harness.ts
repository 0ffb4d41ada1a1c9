import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken, type TokenRequest } from '../../local/dev-auth.js';
import { type LocalService, startLocalService } from '../../local/local-service.js';
import { freshTable } from './tables.js';
import type { Clock } from '../../shared/ports/clock.js';

export interface ApiHarness {
  readonly url: string;
  readonly service: LocalService;
  readonly dataDir: string;
  /** Every line written to stdout while the harness ran: the service's logs. */
  readonly logLines: string[];
  token(request: TokenRequest): Promise<string>;
  request(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> }): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // any: tests read arbitrary JSON answers and assert on their shape field by field.
  readonly json: any;
}

/** The local runtime on a free port, on a fresh table of the run's DynamoDB Local, with stdout captured. */
export async function startApi(options: { readonly clock?: Clock } = {}): Promise<ApiHarness> {
  const { endpoint, tableName } = await freshTable('api');
  const dataDir = mkdtempSync(join(tmpdir(), 'support-api-'));
  const logLines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // The service's log lines are kept for assertions instead of cluttering the test output.
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  const service: LocalService = await startLocalService({ dynamoEndpoint: endpoint, tableName, dataDir, port: 0, smtpPort: 0, log: (line) => logLines.push(line), ...(options.clock ? { clock: options.clock } : {}) });

  return {
    url: service.url,
    service,
    dataDir,
    logLines,
    token: (request) => issueDevToken(dataDir, request),
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | Buffer | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${service.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    async close() {
      await service.close();
      process.stdout.write = write;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The four callers the authorization tests use: uni-a's customer (`own`), uni-b's (`other`), an agent and a manager. */
export async function roleTokens(api: ApiHarness): Promise<Record<'own' | 'other' | 'agent' | 'manager', string>> {
  return {
    own: await api.token({ role: 'customer', institution: 'uni-a', name: 'Ada Admin' }),
    other: await api.token({ role: 'customer', institution: 'uni-b', name: 'Bea Other' }),
    agent: await api.token({ role: 'agent', name: 'Sam Support' }),
    manager: await api.token({ role: 'manager', name: 'Max Manager' }),
  };
}
