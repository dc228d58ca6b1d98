// SvelteKit configuration for the Xinyong dashboard: adapter-node output in build/, which the
// API's Fastify server imports (build/handler.js). No other adapter or prerendering.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build', precompress: true }),
  },
};

export default config;
