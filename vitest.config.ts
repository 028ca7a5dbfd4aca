import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // ../shared (schemas and recorded payloads) must exist before any test runs.
    globalSetup: ['./test/helpers/shared-folder-setup.ts'],
    // Console output of passing tests is noise that reads like failures; a failing test shows its own.
    silent: 'passed-only',
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_DEV: 'false',
      LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
