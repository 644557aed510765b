import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The custom server (server/main.ts) mounts the generated handler beside socket.io and /yjs.
		adapter: adapter({ out: 'build' })
	}
};

export default config;
