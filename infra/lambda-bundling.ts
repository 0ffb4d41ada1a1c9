import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { bundledOncallFile } from '../shared/config/oncall-config.js';
import { bundledSupportConfiguration } from '../shared/config/support-config.js';
import { ConfigurationError } from '../shared/domain/errors.js';

/**
 * The configuration documents the functions read (config/support.json, config/oncall.json), validated here, when the
 * stack is built (an invalid one fails `cdk synth`), and handed to the functions as esbuild `define`s of their
 * parsed output in JSON: `supportDirectory()` and `oncallConfig()` (shared/config/) only compile it, so no bundle holds
 * the documents' schemas or parses them on its first request. Each value is a JavaScript string literal (the JSON
 * text), which esbuild substitutes as it is and NodejsFunction passes to esbuild as one argument.
 */
export function validatedConfigurations(): Record<string, string> {
  return {
    VALIDATED_SUPPORT_CONFIGURATION: defineOf('VALIDATED_SUPPORT_CONFIGURATION', bundledSupportConfiguration()),
    VALIDATED_ONCALL_CONFIGURATION: defineOf('VALIDATED_ONCALL_CONFIGURATION', bundledOncallFile()),
  };
}

/**
 * Linux refuses a single command-line argument over 128 KiB (MAX_ARG_STRLEN), and NodejsFunction hands each define
 * to esbuild as one `--define:` argument: a document this large (thousands of holidays) fails here, saying why,
 * rather than as E2BIG inside the bundler.
 */
export const MAX_DEFINE_CHARS = 100_000;

/** A validated document as a define's value: a JavaScript string literal holding its JSON. */
export function defineOf(name: string, document: unknown): string {
  const value = JSON.stringify(JSON.stringify(document));
  if (value.length > MAX_DEFINE_CHARS) {
    throw new ConfigurationError('configuration too large to bundle', [
      { field: name, message: `${value.length} characters once validated; at most ${MAX_DEFINE_CHARS} fit in the one argument esbuild gets it in` },
    ]);
  }
  return value;
}

/**
 * How every Lambda function is bundled: one ESM file for Node 22, the AWS SDK bundled (tree-shaken, pinned)
 * rather than taken from the runtime, minified, with source maps. `SupportFunction` hands it to
 * `NodejsFunction`; `npm run bench:coldstart` builds with the very same options (see `esbuildOptions`), so the
 * benchmark cannot drift from the stack.
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  platform: 'node' as const,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [] as string[],
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  forceDockerBundling: false,
  define: validatedConfigurations(),
} satisfies BundlingOptions;

/** The environment every function gets besides its own settings. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * The esbuild options `NodejsFunction` derives from `LAMBDA_BUNDLING` (aws-cdk-lib's
 * aws-lambda-nodejs bundling: `--bundle --target --platform --format --minify --sourcemap
 * --sources-content --external --define --banner:js --main-fields`, output `index.mjs` for ESM).
 */
export function esbuildOptions(bundling: typeof LAMBDA_BUNDLING = LAMBDA_BUNDLING): BuildOptions {
  return {
    bundle: true,
    target: bundling.target,
    platform: bundling.platform,
    format: bundling.format,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    external: [...bundling.externalModules],
    define: { ...bundling.define },
    banner: { js: bundling.banner },
    mainFields: [...bundling.mainFields],
  };
}
