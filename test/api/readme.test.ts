import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../support/api-harness.js';

/**
 * Every shell block of the README runs as written, against a running local
 * service, in the order a newcomer would type them: the API blocks with curl,
 * the `sla` command lines with their printed results checked, the report. Only
 * blocks the README marks `<!-- readme-test: skip (why) -->` are left out (the
 * set-up commands themselves, AWS deployment, benchmarks, waiting for alerts).
 * The harness changes one thing: `localhost:3000` is the test service's port.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Block {
  readonly line: number;
  readonly text: string;
}

function shellBlocks(markdown: string): { runnable: Block[]; skipped: number } {
  const lines = markdown.split('\n');
  const runnable: Block[] = [];
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    if (/^<!-- readme-test: skip \(.+\) -->$/.test(lines[before]?.trim() ?? '')) skipped++;
    else runnable.push({ line: i + 2, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return { runnable, skipped };
}

/** `npm run --silent sla -- … # result`: the command must print exactly the result. */
function withChecks(block: string): string {
  return block
    .split('\n')
    .map((line) => {
      const match = /^(npm run --silent sla -- .*?)\s+#\s+(.+)$/.exec(line);
      if (!match) return line;
      const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
      return `__got=$(${match[1]}); [ "$__got" = ${quote(match[2]!.trim())} ] || { echo "README printed: $__got; README says: "${quote(match[2]!.trim())} >&2; exit 1; }`;
    })
    .join('\n');
}

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
  for (const leftover of ['headers.txt', 'case.json']) rmSync(join(ROOT, leftover), { force: true });
});

describe('the README', () => {
  const { runnable, skipped } = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('has shell blocks to run, and says why it skips the others', () => {
    // The API walk-through and the report are always run; a skip marker must give its reason (shellBlocks checks the form).
    expect(runnable.filter((block) => block.text.includes('curl')).length).toBeGreaterThanOrEqual(2);
    expect(skipped).toBeGreaterThan(0);
  });

  it('runs every other shell block as written, in order, without a problem answer', async () => {
    const port = new URL(api.url).port;
    // One shell for the whole page, as a reader keeps one terminal: variables carry from block to block.
    const script = ['set -euo pipefail', ...runnable.map((block) => `echo "::README line ${block.line}" >&2\n${withChecks(block.text)}`)]
      .join('\n')
      .replaceAll('localhost:3000', `localhost:${port}`);
    let stdout = '';
    try {
      ({ stdout } = await run('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, DATA_DIR: api.dataDir, SMTP_PORT: String(api.service.smtpPort) }, timeout: 420_000, maxBuffer: 16 * 1024 * 1024 }));
    } catch (error) {
      const failed = error as { stderr?: string; stdout?: string };
      const at = [...(failed.stderr ?? '').matchAll(/::README line (\d+)/g)].pop()?.[1];
      throw new Error(`a README block failed (the block starting at README line ${at}):\n${(failed.stderr ?? '').slice(-2000)}\n${(failed.stdout ?? '').slice(-1000)}`);
    }
    // curl -s exits 0 on a 4xx: an example that only gets a problem answer is broken all the same.
    expect(stdout).not.toContain('"type":"https://support.example.com/problems/');
    expect(stdout).toContain('"status":"ok"');
    expect(stdout).toContain('"management alerted"');
    // The customer-email walk-through: the reply came back as a comment, the answer is threaded under the acknowledgement.
    expect(stdout).toContain('"body":"It happens on Android only."');
    expect(stdout).toMatch(/"inReplyTo":"<case-\d{8}@support\.example\.com>"/);
    expect(stdout).toContain('<h1>Acknowledged: case ');
    // As long as the shell may take (the `sla` commands each start tsx; a busy machine makes that slow).
  }, 450_000);
});
