/**
 * `npm run bench:coldstart`: bundles every Lambda function under functions/ with the stack's own bundling options
 * (infra/lambda-bundling.ts, the object `SupportFunction` hands to NodejsFunction), and beside them the bare
 * handlers they are measured against, then times `import()` of each bundle in fresh Node processes (RUNS runs each,
 * interleaved so that a busy machine slows every bundle alike; the median counts), with the stack's NODE_OPTIONS.
 *
 * A function's baseline is a bare handler that imports the AWS SDK clients its needs call for (`awsClientsOf`, the
 * same derivation the bundle test holds every bundle to) and the library its job is done with, and calls each once:
 * the DynamoDB client and one GetItem for a function that only reads and writes the table; DynamoDB, S3 and SESv2
 * for inbound-mail, with its MIME parser; the bare DynamoDB client for a function that calls no AWS service. What a function carries beyond its baseline is ours: the domain, zod,
 * middy, and any client it does not need (which the bundle test refuses anyway).
 *
 * Prints the baselines, one line per function (with its ratios to its own baseline and to the bare DynamoDB client,
 * and what weighs most in it), a line with the worst ratios of any function to the bare DynamoDB client (the budget's
 * letter in shared DESIGN.md, which a function driving other AWS services cannot meet), and last:
 *
 *   coldstart-bench: baseline_kb=<n> baseline_ms=<n> worst_size_ratio=<x> worst_init_ratio=<x> worst=<function>
 *
 * where the baseline is the bare DynamoDB client, the ratios are the worst of any function over its own baseline,
 * and `worst` is the function with the highest of its two.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { type AwsClient, awsClientsOf } from '../infra/function-clients.js';
import { FUNCTION_NEEDS, type ServiceFunction } from '../infra/function-permissions.js';
import { LAMBDA_NODE_OPTIONS, esbuildOptions } from '../infra/lambda-bundling.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 10);

/** How a bare handler uses each client: its class and one command, with the event as the command's input. */
const BARE_CALLS: Record<AwsClient, { readonly client: string; readonly command: string }> = {
  'client-cognito-identity-provider': { client: 'CognitoIdentityProviderClient', command: 'AdminGetUserCommand' },
  'client-dynamodb': { client: 'DynamoDBClient', command: 'GetItemCommand' },
  'client-lambda': { client: 'LambdaClient', command: 'InvokeCommand' },
  'client-s3': { client: 'S3Client', command: 'GetObjectCommand' },
  'client-scheduler': { client: 'SchedulerClient', command: 'CreateScheduleCommand' },
  'client-sesv2': { client: 'SESv2Client', command: 'SendEmailCommand' },
  'client-sns': { client: 'SNSClient', command: 'PublishCommand' },
};

/** A library a function's job is done with, beyond the AWS SDK: reading MIME is what inbound-mail is for. */
const JOB_LIBRARIES: Partial<Record<ServiceFunction, { readonly name: string; readonly source: string }>> = {
  'inbound-mail': { name: 'postal-mime', source: "import PostalMime from 'postal-mime';\nconst parse = (raw) => PostalMime.parse(raw);" },
};

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly kb: number;
  /** Bytes in the bundle per package (or `shared/`, `functions/`, `bench/`), largest first. */
  readonly weights: readonly [string, number][];
}

const out = mkdtempSync(join(tmpdir(), 'coldstart-bench-'));
try {
  const functions = readdirSync(join(ROOT, 'functions'))
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => basename(file, '.ts') as ServiceFunction);
  const baselineOf = new Map<ServiceFunction, string>();
  const baselines = new Map<string, string>([[bareName(['client-dynamodb']), bareSource(['client-dynamodb'])]]);
  for (const name of functions) {
    const clients = awsClientsOf(FUNCTION_NEEDS[name]);
    if (clients.length === 0) clients.push('client-dynamodb'); // knowledge, not-found: held to the bare DynamoDB client
    const library = JOB_LIBRARIES[name];
    const bare = bareName(clients, library?.name);
    baselines.set(bare, bareSource(clients, library?.source));
    baselineOf.set(name, bare);
  }
  const ddb = bareName(['client-dynamodb']);

  const bundles = new Map<string, Bundle>();
  for (const [name, contents] of baselines) bundles.set(name, await bundle(name, { stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: `${name}.mjs` } }));
  for (const name of functions) bundles.set(name, await bundle(name, { entryPoints: [join(ROOT, 'functions', `${name}.ts`)] }));

  const times = new Map<string, number[]>([...bundles.keys()].map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) for (const b of bundles.values()) times.get(b.name)!.push(importMs(b.file));
  const ms = (name: string) => median(times.get(name)!);
  const kb = (name: string) => bundles.get(name)!.kb;

  for (const name of baselines.keys()) console.log(`${name.padEnd(40)} kb=${Math.round(kb(name))} ms=${ms(name).toFixed(1)}`);
  const rows = functions.map((name) => {
    const bare = baselineOf.get(name)!;
    return { name, bare, size: kb(name) / kb(bare), init: ms(name) / ms(bare), ddbSize: kb(name) / kb(ddb), ddbInit: ms(name) / ms(ddb) };
  });
  for (const { name, bare, size, init, ddbSize, ddbInit } of rows) {
    const biggest = bundles
      .get(name)!
      .weights.slice(0, 5)
      .map(([what, bytes]) => `${what} ${Math.round(bytes / 1024)}`)
      .join(', ');
    console.log(
      `${name.padEnd(14)} kb=${Math.round(kb(name))} ms=${ms(name).toFixed(1)} size_ratio=${size.toFixed(2)} init_ratio=${init.toFixed(2)} against ${bare}` +
        (bare === ddb ? '' : ` (bare DynamoDB: ${ddbSize.toFixed(2)}, ${ddbInit.toFixed(2)})`) +
        `  biggest (KB): ${biggest}`,
    );
  }
  const againstDynamoDb = worstOf(rows.map(({ name, ddbSize, ddbInit }) => ({ name, size: ddbSize, init: ddbInit })));
  const againstOwn = worstOf(rows);
  console.log(
    `coldstart-bench-dynamodb: worst_size_ratio=${againstDynamoDb.size.toFixed(2)} worst_init_ratio=${againstDynamoDb.init.toFixed(2)} worst=${againstDynamoDb.name} (every function against the bare DynamoDB client)`,
  );
  console.log(
    `coldstart-bench: baseline_kb=${Math.round(kb(ddb))} baseline_ms=${ms(ddb).toFixed(1)} worst_size_ratio=${againstOwn.size.toFixed(2)} worst_init_ratio=${againstOwn.init.toFixed(2)} worst=${againstOwn.name}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}

/** The worst size and import ratios of any function, and the function whose higher ratio is the highest. */
function worstOf(rows: readonly { readonly name: string; readonly size: number; readonly init: number }[]): { name: string; size: number; init: number } {
  const worst = rows.reduce((a, b) => (Math.max(b.size, b.init) > Math.max(a.size, a.init) ? b : a));
  return { name: worst.name, size: Math.max(...rows.map((r) => r.size)), init: Math.max(...rows.map((r) => r.init)) };
}

/** `bare:dynamodb+s3+sesv2+postal-mime`. */
function bareName(clients: readonly AwsClient[], library?: string): string {
  return `bare:${[...clients.map((client) => client.slice('client-'.length)), ...(library ? [library] : [])].join('+')}`;
}

/**
 * A bare handler: each client built on the first call (as the service's functions build theirs, so import times
 * measure loading and evaluating the bundle, nothing else) and sent one command; the library called once.
 */
function bareSource(clients: readonly AwsClient[], library?: string): string {
  const imports = clients.map((c) => `import { ${BARE_CALLS[c].client}, ${BARE_CALLS[c].command} } from '@aws-sdk/${c}';`);
  const calls = clients.map((c, i) => `  c${i} ??= new ${BARE_CALLS[c].client}({});\n  results.push(await c${i}.send(new ${BARE_CALLS[c].command}(event.input${i})));`);
  return [
    ...imports,
    ...(library ? [library] : []),
    `let ${clients.map((_, i) => `c${i}`).join(', ')};`,
    'export const handler = async (event) => {',
    '  const results = [];',
    ...calls,
    ...(library ? ['  results.push(await parse(event.raw));'] : []),
    '  return results;',
    '};',
  ].join('\n');
}

async function bundle(name: string, input: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<Bundle> {
  const file = join(out, name.replace(/[^a-z0-9-]+/g, '_'), 'index.mjs');
  const { metafile } = await build({ ...esbuildOptions(), ...input, outfile: file, metafile: true, logLevel: 'error', absWorkingDir: ROOT });
  const weights = new Map<string, number>();
  for (const [source, { bytesInOutput }] of Object.entries(metafile.outputs[Object.keys(metafile.outputs).find((o) => o.endsWith('.mjs'))!]!.inputs)) {
    const what = packageOf(source);
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
