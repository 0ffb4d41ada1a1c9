import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/support/global-dynamodb.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // In CI a JSON report is written too, so .ci/run can print a one-line summary.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
    // The SDK warns that it will need Node 22 from 2027; the tests run on the Node 20 this machine has.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
