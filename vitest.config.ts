import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/support/global-dynamodb.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for something the service or the browser does next (a re-render after a write); on a
    // loaded machine that can take more than the default second, and the test's own timeout still bounds it.
    expect: { poll: { timeout: 10_000 } },
    // In CI a JSON report is written too, so .ci/run can print a one-line summary.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
    // The SDK warns that it will need Node 22 from 2027; the tests run on the Node 20 this machine has.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
