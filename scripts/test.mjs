// `npm test`: every test. Installs the system packages the tests need on Debian/Ubuntu when run as
// root (chromium for Playwright, redis-server for Redis mode, poppler-utils for the PDF checks), type-checks, builds, runs vitest (unit and
// integration) and Playwright, and ends with one summary line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NEEDED = [
	{ binary: '/usr/bin/chromium', pkg: 'chromium' },
	{ binary: 'redis-server', pkg: 'redis-server' },
	// The PDF report's tests read it back and turn its pages into PNGs (pdftotext, pdftoppm).
	{ binary: 'pdftoppm', pkg: 'poppler-utils' }
];

function has(binary) {
	if (binary.startsWith('/')) return fs.existsSync(binary);
	return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

function run(command, args, env = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	return result.status ?? 1;
}

const missing = NEEDED.filter((n) => !has(n.binary)).map((n) => n.pkg);
if (missing.length > 0) {
	const isDebian = fs.existsSync('/etc/debian_version');
	const isRoot = process.getuid?.() === 0;
	if (isDebian && isRoot) {
		console.log(`Installing ${missing.join(' ')} with apt-get…`);
		if (run('apt-get', ['update', '-qq']) !== 0 || run('apt-get', ['install', '-y', '-qq', ...missing]) !== 0) {
			console.error('apt-get failed; install these packages and run npm test again: ' + missing.join(' '));
			process.exit(1);
		}
	} else {
		console.error(
			`The tests need ${missing.join(' and ')}.\n` +
				`  Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}\n` +
				'  Other systems: install Chromium at /usr/bin/chromium (or a link to it) and redis-server on the PATH.'
		);
		process.exit(1);
	}
}

// Types first: `npm run check` (svelte-check + tsc) must stay clean, as the README promises.
if (run('npm', ['run', 'check']) !== 0) process.exit(1);
if (run('npm', ['run', 'build']) !== 0) process.exit(1);

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-reports-'));
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const playwrightStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], {
	PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport
});

function count(file, read) {
	try {
		return read(JSON.parse(fs.readFileSync(file, 'utf8')));
	} catch {
		return { passed: 0, failed: 1 }; // no report: the runner itself failed
	}
}
const unit = count(vitestReport, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));
// A flaky test passed on retry: it counts as passed here and shows as flaky in Playwright's own list.
const e2e = count(playwrightReport, (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected }));
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + (vitestStatus !== 0 && unit.failed === 0 ? 1 : 0) + (playwrightStatus !== 0 && e2e.failed === 0 ? 1 : 0);
console.log(`\nvitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${e2e.passed} passed, ${e2e.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
