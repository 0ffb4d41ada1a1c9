/**
 * `npm run bench:coldstart`: bundles a bare-client baseline (bench/coldstart/baseline.ts: the DynamoDB client and
 * one GetItem) and every Lambda function under functions/ with the stack's own bundling options
 * (infra/lambda-bundling.ts, the object `SupportFunction` hands to NodejsFunction), then times `import()` of each
 * bundle in fresh Node processes (RUNS runs each, interleaved so that a busy machine slows every bundle alike;
 * the median counts), with the stack's NODE_OPTIONS. Prints one line per function, with what weighs most in its
 * bundle, and last:
 *
 *   coldstart-bench: baseline_kb=<n> baseline_ms=<n> worst_size_ratio=<x> worst_init_ratio=<x> worst=<function>
 *
 * The ratios are the worst of any function over the baseline; `worst` is the function with the highest of its two.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_NODE_OPTIONS, esbuildOptions } from '../infra/lambda-bundling.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 10);
const BASELINE = 'baseline';

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly kb: number;
  /** Bytes in the bundle per package (or `shared/`, `functions/`, `bench/`), largest first. */
  readonly weights: readonly [string, number][];
}

const out = mkdtempSync(join(tmpdir(), 'coldstart-bench-'));
try {
  const entries = [
    { name: BASELINE, entry: join(ROOT, 'bench', 'coldstart', 'baseline.ts') },
    ...readdirSync(join(ROOT, 'functions'))
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => ({ name: basename(file, '.ts'), entry: join(ROOT, 'functions', file) })),
  ];
  const bundles: Bundle[] = [];
  for (const { name, entry } of entries) bundles.push(await bundle(name, entry));

  const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  for (let run = 0; run < RUNS; run++) for (const b of bundles) times.get(b.name)!.push(importMs(b.file));

  const base = bundles.find((b) => b.name === BASELINE)!;
  const baseMs = median(times.get(BASELINE)!);
  let worst = { name: '', size: 0, init: 0, score: 0 };
  let worstSize = 0;
  let worstInit = 0;
  for (const b of bundles) {
    const ms = median(times.get(b.name)!);
    const size = b.kb / base.kb;
    const init = ms / baseMs;
    const biggest = b.weights
      .slice(0, 5)
      .map(([what, bytes]) => `${what} ${Math.round(bytes / 1024)}`)
      .join(', ');
    console.log(`${b.name.padEnd(14)} kb=${Math.round(b.kb)} ms=${ms.toFixed(1)} size_ratio=${size.toFixed(2)} init_ratio=${init.toFixed(2)}  biggest (KB): ${biggest}`);
    if (b.name === BASELINE) continue;
    worstSize = Math.max(worstSize, size);
    worstInit = Math.max(worstInit, init);
    if (Math.max(size, init) > worst.score) worst = { name: b.name, size, init, score: Math.max(size, init) };
  }
  console.log(
    `coldstart-bench: baseline_kb=${Math.round(base.kb)} baseline_ms=${baseMs.toFixed(1)} worst_size_ratio=${worstSize.toFixed(2)} worst_init_ratio=${worstInit.toFixed(2)} worst=${worst.name}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}

async function bundle(name: string, entry: string): Promise<Bundle> {
  const file = join(out, name, 'index.mjs');
  const { metafile } = await build({ ...esbuildOptions(), entryPoints: [entry], outfile: file, metafile: true, logLevel: 'error', absWorkingDir: ROOT });
  const weights = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[Object.keys(metafile.outputs).find((o) => o.endsWith('.mjs'))!]!.inputs)) {
    const what = packageOf(input);
    weights.set(what, (weights.get(what) ?? 0) + bytesInOutput);
  }
  return { name, file, kb: statSync(file).size / 1024, weights: [...weights].sort((a, b) => b[1] - a[1]) };
}

/** `node_modules/@scope/name/…` → `@scope/name`, `node_modules/name/…` → `name`, `shared/x/y.ts` → `shared/`. */
function packageOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return `${parts[0]}/`;
  const first = parts[at + 1] ?? '';
  return first.startsWith('@') ? `${first}/${parts[at + 2]}` : first;
}

/** Milliseconds to import the bundle, measured inside a fresh Node process (its own start-up left out). */
function importMs(file: string): number {
  const script = 'const t = performance.now(); await import(process.env.BUNDLE_URL); console.log(performance.now() - t);';
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_OPTIONS: LAMBDA_NODE_OPTIONS, BUNDLE_URL: pathToFileURL(file).href, AWS_REGION: 'eu-west-1', TABLE_NAME: 'coldstart-bench' },
  });
  const ms = Number(result.stdout.trim());
  if (result.status !== 0 || !Number.isFinite(ms)) throw new Error(`importing ${file} failed: ${result.stderr}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
