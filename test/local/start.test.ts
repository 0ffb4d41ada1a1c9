import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../local/dev-auth.js';
import { freePort } from '../../local/dynamodb-local.js';
import { caseInput } from '../support/builders.js';

/**
 * `npm start` as a process (local/start.ts with its own DynamoDB Local, data
 * directory and port), stopped and disturbed the way a developer's machine
 * does it: Ctrl-C with a request in flight, DynamoDB Local killed.
 */
const ROOT = join(import.meta.dirname, '..', '..');

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
  readonly dynamoPort: number;
  readonly javaPid: number;
  readonly exited: Promise<number | null>;
  output(): string;
}

const started: Started[] = [];
const blockers: Server[] = [];

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await delay(200);
  }
}

async function startService(): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'support-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(await freePort()), SMTP_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const service: Started = { child, dataDir, exited, output: () => output, url: '', dynamoPort: 0, javaPid: 0 };
  started.push(service);
  await waitFor(
    'the service to be ready',
    () => {
      if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode}: ${output}`);
      return /serving on http:\/\/localhost:\d+/.test(output) ? true : undefined;
    },
    90_000,
  );
  const [, url] = /serving on (http:\/\/localhost:\d+)/.exec(output)!;
  const [, dynamoPort, javaPid] = /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+)\)/.exec(output)!;
  return Object.assign(service, { url: url!, dynamoPort: Number(dynamoPort), javaPid: Number(javaPid) });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  for (const blocker of blockers.splice(0)) blocker.close();
  for (const service of started.splice(0)) {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    // Every DynamoDB Local it ran (it is restarted under new process ids).
    for (const [, pid] of service.output().matchAll(/\(pid (\d+)\)/g)) if (alive(Number(pid))) process.kill(Number(pid), 'SIGKILL');
  }
});

describe('npm start', () => {
  it('answers 503 while DynamoDB Local is down, restarts it on the same port and data, and serves again', async () => {
    const service = await startService();
    const token = await issueDevToken(service.dataDir, { role: 'customer', institution: 'uni-a' });
    const auth = { authorization: `Bearer ${token}` };
    const opened = await fetch(`${service.url}/cases`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(caseInput()) });
    expect(opened.status).toBe(201);
    const location = opened.headers.get('location')!;

    process.kill(service.javaPid, 'SIGKILL');
    await waitFor('the service to notice', () => (service.output().includes('stopped unexpectedly') ? true : undefined), 10_000);
    // An answer, not a reset connection.
    const during = await fetch(`${service.url}${location}`, { headers: auth });
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toBe('application/problem+json');
    expect(await during.json()).toMatchObject({ code: 'store-unavailable' });

    await waitFor('/health to answer 200 again', async () => ((await fetch(`${service.url}/health`)).status === 200 ? true : undefined), 45_000);
    expect(service.output()).toMatch(new RegExp(`DynamoDB Local is back on http://127\\.0\\.0\\.1:${service.dynamoPort} \\(pid \\d+\\)`));
    // Same data directory: the case opened before is still there.
    const after = await fetch(`${service.url}${location}`, { headers: auth });
    expect(after.status).toBe(200);
    expect(service.child.exitCode).toBeNull();
  }, 150_000);

  it('on Ctrl-C refuses new connections, finishes the request in flight, stops DynamoDB Local and exits 0', async () => {
    const service = await startService();
    // A stalled store keeps the request in flight.
    process.kill(service.javaPid, 'SIGSTOP');
    const inFlight = fetch(`${service.url}/health`);
    inFlight.catch(() => undefined); // awaited below; a hang-up must fail there, not as an unhandled rejection
    await delay(700);
    service.child.kill('SIGINT');
    await waitFor('the service to start stopping', () => (service.output().includes('stopping') ? true : undefined), 10_000);
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
    process.kill(service.javaPid, 'SIGCONT');

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok', store: 'ok', warnings: [] });
    expect(await service.exited).toBe(0);
    expect(alive(service.javaPid)).toBe(false);
  }, 150_000);

  it('says so and exits 1 when DynamoDB Local cannot be restarted, answering 503 until then', async () => {
    const service = await startService();
    process.kill(service.javaPid, 'SIGKILL');
    await waitFor('the service to notice', () => (service.output().includes('stopped unexpectedly') ? true : undefined), 10_000);
    // Something else takes the port (before the first restart, a second later), so no restart can bind it.
    const blocker = createServer((socket) => socket.destroy());
    blockers.push(blocker);
    await new Promise<void>((resolve, reject) => blocker.once('error', reject).listen(service.dynamoPort, resolve));

    const during = await fetch(`${service.url}/health`);
    expect(during.status).toBe(503);
    expect(await service.exited).toBe(1);
    expect(service.output()).toMatch(/DynamoDB Local could not be restarted on port \d+ after 3 attempts .*stopping/);
    expect(service.output()).toContain('stopped.');
  }, 240_000);
});
