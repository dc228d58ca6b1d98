import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{lib,warehouse,pipelines,metrics,api,test}/**/*.test.ts', 'dashboard/src/lib/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
