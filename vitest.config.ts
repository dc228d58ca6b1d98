import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The dashboard's modules import each other as SvelteKit does.
  resolve: { alias: { $lib: fileURLToPath(new URL('./dashboard/src/lib', import.meta.url)) } },
  test: {
    include: ['{lib,warehouse,pipelines,metrics,api,test}/**/*.test.ts', 'dashboard/src/lib/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
