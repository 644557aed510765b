import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const shared = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
	test: {
		// Integration tests start real server processes; two cores, so not too many at once.
		maxWorkers: 2,
		projects: [
			{ test: { ...shared, name: 'node', include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'], exclude: ['**/*.svelte.test.ts'] } },
			{
				// Runes modules (*.svelte.ts) tested with Svelte's client runtime, where effects run.
				plugins: [svelte({ dynamicCompileOptions: () => ({ generate: 'client' }) })], // not the server build: effects must run
				ssr: { resolve: { conditions: ['browser'], externalConditions: ['browser'] } },
				test: { ...shared, name: 'runes', include: ['tests/unit/**/*.svelte.test.ts'] }
			}
		]
	}
});
