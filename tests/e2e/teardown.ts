/** Removes the throwaway data directory playwright.config.ts made for the test server. */
import fs from 'node:fs';

export default function teardown(): void {
	const dir = process.env.HELIXBOARD_E2E_DATA_DIR;
	if (dir && dir.includes('helixboard-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
