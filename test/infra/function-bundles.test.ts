import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/lambda-bundling.js';

/**
 * What the Lambda bundles may hold, checked on the bundles themselves (built as the stack builds them): no luxon
 * (business time runs on Intl) and no classic zod (its API is not tree-shakable; runtime code uses zod/mini).
 * Sizes and import times are measured by `npm run bench:coldstart`, not here.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FUNCTIONS = readdirSync(join(ROOT, 'functions')).filter((file) => file.endsWith('.ts'));

async function bundledPackages(file: string): Promise<Set<string>> {
  const { metafile } = await build({ ...esbuildOptions(), entryPoints: [join(ROOT, 'functions', file)], outfile: join(ROOT, 'cdk.out', 'bundle-check', file.replace(/\.ts$/, '.mjs')), write: false, metafile: true, logLevel: 'error', absWorkingDir: ROOT });
  return new Set(Object.keys(metafile.inputs).map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+(?:\/v4\/(?:classic|mini))?)/.exec(input)?.[1] ?? 'own code'));
}

describe('function bundles', () => {
  it.each(FUNCTIONS)('%s bundles neither luxon nor classic zod', async (file) => {
    const packages = await bundledPackages(file);
    expect(packages.has('luxon')).toBe(false);
    expect(packages.has('zod/v4/classic')).toBe(false);
  });

  it('sees what it looks for (a bundle with zod/mini and the DynamoDB client)', async () => {
    const packages = await bundledPackages('cases-read.ts');
    expect(packages.has('zod/v4/mini')).toBe(true);
    expect(packages.has('@aws-sdk/client-dynamodb')).toBe(true);
  });
});
