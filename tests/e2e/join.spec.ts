/**
 * Joining by link: the facilitator gets a join link and a QR code of it (and a wall-sized invite
 * screen), a participant on a phone opens the link, joins Group 2, and coming back on the same
 * phone continues as the same person without a second participant; no facilitator secret ever
 * reaches the participant's browser; a co-facilitator link gives a second device facilitator
 * rights and leaves the address bar at once.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import QRCode from 'qrcode';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import type { SavedSession } from '../../src/lib/sessions.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated="true"]').waitFor();
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

async function shootBothSizes(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const original = page.viewportSize();
	await page.setViewportSize(DESKTOP);
	await shoot(page, testInfo, `${name}-desktop`);
	await page.setViewportSize(PHONE);
	await shoot(page, testInfo, `${name}-phone`);
	if (original) await page.setViewportSize(original);
}

async function savedSessions(page: Page): Promise<SavedSession[]> {
	return JSON.parse((await page.evaluate(() => localStorage.getItem('helixboard:sessions'))) ?? '[]') as SavedSession[];
}

/** The `d` of each path of a QR SVG: the modules it draws. */
function paths(svg: string): string[] {
	return [...svg.matchAll(/\sd="([^"]+)"/g)].map((match) => match[1]);
}

test('join link and QR, join and rejoin on a phone, no facilitator secret in the participant browser, co-facilitator link', async ({
	browser
}, testInfo) => {
	const facilitatorContext = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
	const a = await facilitatorContext.newPage();

	// ── The facilitator starts a workshop: code, link and QR ────────────────────
	await open(a, '/');
	await a.getByTestId('workshop-title').fill('Smart governance lab, Kota Batam');
	await a.getByTestId('workshop-groups').fill('3');
	await a.getByTestId('facilitator-name').fill('Ayu');
	const createdAnswer = a.waitForResponse((r) => new URL(r.url()).pathname === '/api/workshops' && r.request().method() === 'POST');
	await a.getByTestId('create-workshop').click();
	const created = (await (await createdAnswer).json()) as CreateWorkshopResponse;
	const secret = created.facilitatorToken;
	expect(secret.length).toBeGreaterThan(20);
	const origin = new URL(a.url()).origin;
	const link = `${origin}/j/${created.joinCode}`;

	await expect(a.getByTestId('join-code')).toHaveText(created.joinCode);
	await expect(a.getByTestId('join-link')).toHaveText(link);
	await expect(a.getByTestId('join-link')).toHaveAttribute('href', link);
	const qr = a.getByTestId('join-qr').locator('svg');
	await expect(qr).toBeVisible();
	const qrBox = (await qr.boundingBox())!;
	expect(qrBox.width).toBeGreaterThanOrEqual(200);
	expect(Math.abs(qrBox.width - qrBox.height)).toBeLessThan(1);
	// The QR holds exactly the link: the same library, options and text draw the same modules.
	const expectedSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
	const modules = QRCode.create(link, { errorCorrectionLevel: 'M' }).modules.size;
	await expect(qr).toHaveAttribute('viewBox', `0 0 ${modules + 2} ${modules + 2}`);
	expect(await qr.locator('path').evaluateAll((els) => els.map((el) => el.getAttribute('d')))).toEqual(paths(expectedSvg));
	await shootBothSizes(a, testInfo, 'created');

	// The co-facilitator link is there on request, its token in the fragment.
	await a.getByTestId('cofacilitate').locator('summary').click();
	const coLink = await a.getByTestId('cofacilitate-link').inputValue();
	expect(coLink).toBe(`${origin}/w/${created.workshopId}/cofacilitate#${encodeURIComponent(secret)}`);
	await a.setViewportSize(PHONE);
	await a.screenshot({ path: testInfo.outputPath('created-cofacilitate-phone-full.png'), fullPage: true });
	await a.setViewportSize(DESKTOP);
	await a.getByTestId('cofacilitate').locator('summary').click();

	// ── The invite screen for the wall ───────────────────────────────────────────
	await a.getByTestId('open-invite').click();
	await expect(a).toHaveURL(`${origin}/w/${created.workshopId}/invite`);
	await expect(a.getByTestId('invite-title')).toHaveText('Smart governance lab, Kota Batam');
	await expect(a.getByTestId('invite-code')).toHaveText(created.joinCode);
	await expect(a.getByTestId('invite-link')).toHaveText(link);
	const inviteQr = a.getByTestId('invite-qr').locator('svg');
	await expect(inviteQr).toBeVisible();
	expect(await inviteQr.locator('path').evaluateAll((els) => els.map((el) => el.getAttribute('d')))).toEqual(paths(expectedSvg));
	// Readable from the back row: the code is 12vmin (96 px on 1280×800) and the QR fills half the height.
	const codeSize = await a.getByTestId('invite-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(codeSize).toBeGreaterThanOrEqual(90);
	expect((await inviteQr.boundingBox())!.height).toBeGreaterThanOrEqual(400);
	// Everything fits on the wall without scrolling, and nothing secret is projected.
	expect(await a.evaluate(() => document.querySelector('[data-testid="invite-view"]')!.scrollHeight <= innerHeight)).toBe(true);
	expect(await a.content()).not.toContain(secret);
	await shootBothSizes(a, testInfo, 'invite');

	// ── A participant opens the link on a phone (the code in any case) ─────────
	const participantContext = await browser.newContext({ viewport: PHONE, locale: 'en-US', hasTouch: true });
	const p = await participantContext.newPage();
	const received: Array<{ url: string; body: string }> = [];
	const bodies: Promise<void>[] = [];
	p.on('response', (response) => {
		bodies.push(
			response
				.body()
				.then((body) => void received.push({ url: response.url(), body: body.toString('utf8') }))
				.catch(() => {}) // redirects and aborted loads have no body
		);
	});
	const frames: string[] = [];
	p.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : payload.toString('latin1'))));
	let joinPosts = 0;
	p.on('request', (request) => {
		if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/join') joinPosts++;
	});

	await open(p, `/j/${created.joinCode.toLowerCase()}`);
	await expect(p.getByTestId('join-workshop-title')).toHaveText('Smart governance lab, Kota Batam');
	await expect(p.getByTestId('join-continue')).toHaveCount(0);
	await expect(p.getByTestId('join-group-option')).toHaveCount(3);
	// Big tappable choices on a 390 px phone.
	for (const option of await p.locator('.group-option').all()) expect((await option.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await shootBothSizes(p, testInfo, 'join-flow');
	await p.getByTestId('participant-name').fill('Minho');
	await p.getByLabel('Group 2').check();
	await shoot(p, testInfo, 'join-flow-filled-phone');
	await p.getByTestId('join-workshop').click();
	const group2 = created.boards[1].boardId;
	await expect(p).toHaveURL(`${origin}/b/${group2}`);
	await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	expect(joinPosts).toBe(1);
	const firstSession = (await savedSessions(p)).find((s) => s.workshopId === created.workshopId && s.role === 'participant')!;
	expect(firstSession).toMatchObject({ name: 'Minho', boardId: group2, joinCode: created.joinCode });

	// ── Coming back on the same phone: one tap, same person, same group ─────────
	await open(p, `/j/${created.joinCode}`);
	await expect(p.getByTestId('join-continue')).toHaveText('Continue as Minho in Group 2');
	await expect(p.getByTestId('join-continue')).toBeFocused();
	await expect(p.getByTestId('join-someone-else')).toBeVisible();
	await shootBothSizes(p, testInfo, 'join-continue');
	await p.getByTestId('join-continue').click();
	await expect(p).toHaveURL(`${origin}/b/${group2}`);
	await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	expect(joinPosts).toBe(1); // no second participant record
	const again = (await savedSessions(p)).filter((s) => s.workshopId === created.workshopId);
	expect(again).toHaveLength(1);
	expect(again[0].token).toBe(firstSession.token);

	// The facilitator comes to Group 2: the board shows one Minho and the facilitator.
	await a.goto(`/b/${group2}`);
	await expect(a.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(a.getByTestId('presence-person')).toHaveCount(2);
	await expect(a.getByTestId('presence-person').filter({ hasText: 'Minho' })).toHaveCount(1);
	await expect(p.getByTestId('presence-person')).toHaveCount(2);

	// Other groups' boards are closed to a participant until the facilitator opens the gallery walk.
	await p.goto(`/b/${created.boards[0].boardId}`);
	await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'refused');
	const gallery = await a.request.post(`/api/workshops/${created.workshopId}/gallery`, {
		data: { open: true },
		headers: { authorization: `Bearer ${secret}` }
	});
	expect(gallery.status()).toBe(200);
	for (const board of [created.boards[0], created.boards[2]]) {
		await p.goto(`/b/${board.boardId}`);
		await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	}
	await p.goto(`/b/${group2}`);
	await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(p.getByTestId('presence-person')).toHaveCount(2);

	// ── Audit: the facilitator token appears nowhere in the participant's browser ─
	await Promise.all(bodies);
	expect(received.length).toBeGreaterThan(5);
	expect(received.some((r) => new URL(r.url).pathname === `/api/join/${created.joinCode}`)).toBe(true);
	expect(received.filter((r) => r.body.includes(secret)).map((r) => r.url)).toEqual([]);
	expect(frames.length).toBeGreaterThan(0);
	expect(frames.filter((frame) => frame.includes(secret))).toEqual([]);
	const storage = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
	expect(storage).not.toContain(secret);
	expect(storage).toContain(firstSession.token);
	expect(await p.content()).not.toContain(secret);

	// ── The co-facilitator link on a third device ────────────────────────────────
	const coContext = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
	const c = await coContext.newPage();
	const coRequests: string[] = [];
	c.on('request', (request) => coRequests.push(request.url()));
	await c.goto(coLink);
	await expect(c).toHaveURL(`${origin}/w/${created.workshopId}`);
	expect(c.url()).not.toContain('#');
	expect(await c.evaluate(() => location.hash)).toBe('');
	await expect(c.getByTestId('console-title')).toHaveText(created.title);
	await c.goto(`/b/${created.boards[0].boardId}`);
	await expect(c.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(c.getByTestId('lock-toggle')).toBeVisible();
	const coSession = (await savedSessions(c)).find((s) => s.workshopId === created.workshopId)!;
	expect(coSession).toMatchObject({ role: 'facilitator', title: created.title, joinCode: created.joinCode, boards: created.boards });
	// The token went only in the Authorization header, never in a URL the server (or its logs) saw.
	expect(coRequests.filter((url) => url.includes(secret) || url.includes(encodeURIComponent(secret)))).toEqual([]);
	// With the saved session the second device has the invite screen too.
	await open(c, `/w/${created.workshopId}/invite`);
	await expect(c.getByTestId('invite-code')).toHaveText(created.joinCode);

	await facilitatorContext.close();
	await participantContext.close();
	await coContext.close();
});

test('an unknown code says so and takes another; a refused lookup shows its wait', async ({ browser, request }, testInfo) => {
	const created = (await (
		await request.post('/api/workshops', { data: { title: 'Pentahelix Ulaanbaatar', groups: 2, groupNames: ['Kelompok 1', 'Kelompok 2'] } })
	).json()) as CreateWorkshopResponse;
	const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
	const page = await context.newPage();

	await open(page, '/j/ZZZZZZ');
	await expect(page.getByTestId('lookup-error')).toContainText('No workshop has this code');
	await expect(page.getByLabel('Type another code')).toHaveValue('ZZZZZZ');
	await shootBothSizes(page, testInfo, 'join-unknown');
	await page.getByTestId('join-code-input').fill(created.joinCode.toLowerCase());
	await page.getByTestId('find-workshop').click();
	await expect(page).toHaveURL(new RegExp(`/j/${created.joinCode}$`));
	await expect(page.getByTestId('join-workshop-title')).toHaveText('Pentahelix Ulaanbaatar');

	// Too many unknown codes from this network: the server's wait, in the reader's language.
	await page.route('**/api/join/*', (route) =>
		route.fulfill({
			status: 429,
			headers: { 'retry-after': '17', 'content-type': 'application/json' },
			body: JSON.stringify({ error: 'too many unknown join codes from this address; try again in 17 s' })
		})
	);
	await open(page, '/j/K7M2QX');
	await expect(page.getByTestId('lookup-error')).toHaveText('Too many unknown codes were tried from this network. Please wait 17 seconds, then try again.');
	await page.unroute('**/api/join/*');

	// No saved facilitator session: the invite screen says so and links home.
	await open(page, `/w/${created.workshopId}/invite`);
	await expect(page.getByTestId('invite-no-session')).toBeVisible();
	await expect(page.getByTestId('invite-no-session').getByRole('link')).toHaveAttribute('href', '/');
	expect(await page.content()).not.toContain(created.joinCode);

	// A broken co-facilitator link: refused, and the fragment is gone all the same.
	await open(page, `/w/${created.workshopId}/cofacilitate#v1.not-a.token`);
	await expect(page.getByTestId('cofacilitate-error')).toContainText('incomplete or has expired');
	expect(await page.evaluate(() => location.hash)).toBe('');
	await context.close();

	// In Indonesian from the first screen (the browser's language), the continue choice too.
	const idContext = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
	const idPage = await idContext.newPage();
	await open(idPage, '/j/zzzzzz');
	await expect(idPage.getByTestId('lookup-error')).toContainText('Tidak ada lokakarya dengan kode ini');
	await expect(idPage.getByLabel('Ketik kode lain')).toHaveValue('ZZZZZZ');
	await idPage.getByTestId('join-code-input').fill(created.joinCode);
	await idPage.getByTestId('find-workshop').click();
	await idPage.getByTestId('participant-name').fill('Rina');
	await idPage.getByLabel('Kelompok 1').check();
	await idPage.getByTestId('join-workshop').click();
	await expect(idPage).toHaveURL(new RegExp(`/b/${created.boards[0].boardId}$`));
	await open(idPage, `/j/${created.joinCode}`);
	await expect(idPage.getByTestId('join-continue')).toHaveText('Lanjutkan sebagai Rina di Kelompok 1');
	await shoot(idPage, testInfo, 'join-continue-id-phone');
	await idContext.close();
});
