/**
 * End-to-end tests against the built production server (`npm run build` runs first, in `npm test`),
 * on a free port with a throwaway data directory, in Debian's Chromium (never a downloaded one).
 */
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Asks the OS for a free port. Synchronous, because the config is plain top-level code. */
function freePort(): number {
	const script =
		"const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
	return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

// Workers load this file again; the environment carries the first choice to them.
process.env.HELIXBOARD_E2E_PORT ??= String(freePort());
process.env.HELIXBOARD_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-e2e-'));
const port = Number(process.env.HELIXBOARD_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
	globalTeardown: './tests/e2e/teardown.ts',
	use: {
		baseURL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: 'node dist-server/server/main.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: process.env.HELIXBOARD_E2E_DATA_DIR,
			LOG_LEVEL: 'warn',
			CHECKPOINT_INTERVAL_MS: '1000'
		}
	}
});
