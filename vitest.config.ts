import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Integration tests start real server processes; two cores, so not too many at once.
		maxWorkers: 2
	}
});
