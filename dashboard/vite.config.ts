// Vite configuration. In `vite dev` the browser's /api requests are proxied to the API server
// (XINYONG_API_ORIGIN, default http://127.0.0.1:3000); server-side fetches go through
// hooks.server.ts, which reads the same variable.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const apiOrigin = process.env.XINYONG_API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  ssr: {
    // Bundle every dependency into the server output. Left external, SvelteKit's own imports
    // (e.g. `cookie`) would resolve from dashboard/ to the root's hoisted copies, whose major
    // versions other root packages chose; bundling resolves them from SvelteKit's location.
    noExternal: true,
  },
  build: {
    // The only large chunk is ECharts (line chart + canvas), loaded on demand by TrendChart.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: apiOrigin, changeOrigin: false },
    },
  },
});
