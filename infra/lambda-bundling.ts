import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

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
} satisfies BundlingOptions;

/** The environment every function gets besides its own settings. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * The esbuild options `NodejsFunction` derives from `LAMBDA_BUNDLING` (aws-cdk-lib's
 * aws-lambda-nodejs bundling: `--bundle --target --platform --format --minify --sourcemap
 * --sources-content --external --banner:js --main-fields`, output `index.mjs` for ESM).
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
    banner: { js: bundling.banner },
    mainFields: [...bundling.mainFields],
  };
}
