import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The custom server (server/main.ts) mounts the generated handler beside socket.io and /yjs.
		adapter: adapter({ out: 'build' }),
		// The pages' Content-Security-Policy. 'auto': kit adds a nonce (rendered pages) or a hash
		// (prerendered ones) for its own inline bootstrap script, so script-src needs nothing else.
		// Every other response of the server gets a stricter policy (server/http/security.ts).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// 'unsafe-inline' for styles only: server-rendered `style:` directives become style
				// attributes, which cannot carry a nonce or hash. Scripts stay strict.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				// socket.io's WebSocket to this same host is added per request in src/hooks.server.ts
				// (ws://host and wss://host; older browsers do not let 'self' cover ws:).
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
