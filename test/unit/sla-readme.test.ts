import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's "The `sla` command" section prints what its commands print. A
 * result is written after the command (`… # false`), on the `# ` lines that
 * follow it, or, for a block holding one command and nothing else, as the JSON
 * block right after. (test/api/readme.test.ts runs every block of the README;
 * this one also checks the results that span several lines.)
 */
const ROOT = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## The `sla` command'), readme.indexOf('\n## ', readme.indexOf('## The `sla` command') + 1));

interface Example {
  readonly command: string;
  readonly expected: string | null;
}

function examples(): Example[] {
  const fences = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, body: m[2]! }));
  const found: Example[] = [];
  fences.forEach((fence, i) => {
    if (fence.kind !== 'sh') return;
    const commands: { command: string; output: string[] }[] = [];
    let pending = '';
    for (const line of fence.body.split('\n')) {
      if (pending === '' && line.startsWith('# ')) {
        commands[commands.length - 1]?.output.push(line.slice(2));
        continue;
      }
      if (line.trim() === '') continue;
      pending += `${line}\n`;
      if (line.endsWith('\\')) continue;
      const inline = /^(npm run --silent sla -- .*?)\s+#\s+(.+)$/.exec(pending.trim());
      commands.push(inline ? { command: inline[1]!, output: [inline[2]!] } : { command: pending.trim(), output: [] });
      pending = '';
    }
    const next = fences[i + 1];
    for (const { command, output } of commands) {
      const jsonAfter = commands.length === 1 && output.length === 0 && next?.kind === 'json' ? next.body.trimEnd() : null;
      found.push({ command, expected: output.length > 0 ? output.join('\n') : jsonAfter });
    }
  });
  return found;
}

describe('the README section on the sla command', () => {
  const all = examples();

  it('has examples with their results', () => {
    expect(all.filter((e) => e.expected !== null).length).toBeGreaterThanOrEqual(8);
  });

  it.each(all.map((e) => [e.command.split('\n')[0]!.slice(0, 100), e] as const))('%s', (_title, example) => {
    const stdout = execFileSync('bash', ['-euo', 'pipefail', '-c', example.command], { cwd: ROOT, encoding: 'utf8' });
    if (example.expected !== null) expect(stdout.trimEnd()).toBe(example.expected);
  });
});
