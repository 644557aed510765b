/**
 * The app ships its own fonts (classrooms may be offline, and nothing comes from a CDN): Noto Sans
 * for Latin and Cyrillic including the Kazakh and Mongolian letters of Cyrillic Extended, Noto Sans
 * KR for Hangul, in that order (Korean fonts lack Cyrillic Extended). This machine has no Hangul
 * system font at all, so Hangul that renders here came from the shipped face.
 *
 * Why not just `document.fonts.check()`: it answers true for a family that does not exist, so it
 * proves nothing. Instead this asks Chromium (DevTools protocol) which font actually drew each
 * label, and checks that the faces whose unicode-range covers each letter were loaded.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Group names as a mixed class writes them: Indonesian, Korean, Kazakh, Mongolian. */
const NAMES = ['Dewi Lestari', '김민준 (서울시청)', 'Айгерим Әбілқасымова', 'Батбаяр Өлзийбаяр'];
/** Kazakh "smart city" and every Kazakh/Mongolian letter outside basic Cyrillic, both cases. */
const TITLE = 'Ақылды қала: Ә Ғ Қ Ң Ө Ұ Ү Һ ә ғ қ ң ө ұ ү һ';

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** The fonts Chromium used to draw an element's text (family as named inside the font file). */
async function fontsUsedFor(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[][]> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('DOM.enable');
	await cdp.send('CSS.enable');
	const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
	const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
	const result = [];
	for (const nodeId of nodeIds) result.push((await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts);
	await cdp.detach();
	return result;
}

test('Latin, Cyrillic (Kazakh, Mongolian) and Hangul are drawn with the shipped fonts, all from this server', async ({ browser, request, baseURL }, testInfo) => {
	const origin = new URL(baseURL!).origin;
	const created = await request.post('/api/workshops', { data: { title: TITLE, groups: NAMES.length, groupNames: NAMES } });
	expect(created.status()).toBe(201);
	const { joinCode } = (await created.json()) as { joinCode: string };

	const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
	const page = await context.newPage();
	const requests: { url: string; type: string }[] = [];
	page.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));
	const failedFonts: string[] = [];
	page.on('requestfailed', (r) => r.resourceType() === 'font' && failedFonts.push(r.url()));

	// The join screen lists the groups by name: real app components, the app's own stylesheet.
	await page.goto(`/?code=${joinCode}`);
	await page.locator('html[data-hydrated="true"]').waitFor();
	await expect(page.getByTestId('join-group-option')).toHaveCount(NAMES.length);
	await expect(page.getByTestId('join-workshop-title')).toHaveText(TITLE);

	// Every letter of the sample is covered by a loaded face of the family that should draw it.
	const coverage = await page.evaluate(
		async ({ samples }) => {
			await document.fonts.ready;
			const covers = (range: string, codePoint: number) =>
				range.split(',').some((part) => {
					const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
					return codePoint >= parseInt(from, 16) && codePoint <= parseInt(to ?? from, 16);
				});
			const loaded = [...document.fonts].filter((face) => face.status === 'loaded');
			const missing: string[] = [];
			for (const [family, text] of samples) {
				for (const letter of new Set(text.replace(/\s/g, ''))) {
					const face = loaded.find((f) => f.family.replace(/"/g, '') === family && covers(f.unicodeRange, letter.codePointAt(0)!));
					if (!face) missing.push(`${family}: ${letter}`);
				}
			}
			return { missing, failed: [...document.fonts].filter((face) => face.status === 'error').length };
		},
		{
			samples: [
				['Noto Sans Variable', 'Dewi Lestari Айгерим Әбілқасымова Батбаяр Өлзийбаяр ӘҒҚҢӨҰҮҺәғқңөұүһ'],
				['Noto Sans KR Variable', '김민준서울시청']
			] as [string, string][]
		}
	);
	expect(coverage.missing).toEqual([]);
	expect(coverage.failed).toBe(0);

	// What actually drew each group name (the labels, in NAMES order): shipped faces only, Noto
	// Sans for Latin and Cyrillic, Noto Sans KR only where Hangul needs it.
	const groupLabel = 'label:has(> [data-testid="join-group-option"])';
	await expect(page.locator(groupLabel)).toHaveText(NAMES);
	const perName = await fontsUsedFor(page, groupLabel);
	expect(perName).toHaveLength(NAMES.length);
	for (const [i, fonts] of perName.entries()) {
		expect(fonts.length, NAMES[i]).toBeGreaterThan(0);
		for (const font of fonts) {
			expect(font.isCustomFont, `${NAMES[i]} drawn with ${font.familyName}`).toBe(true);
			expect(font.familyName, NAMES[i]).toMatch(/^Noto Sans( KR)?\b/);
		}
	}
	const families = perName.map((fonts) => fonts.map((f) => f.familyName.replace(/ (Thin|Regular)$/, '')).sort());
	expect(families[0]).toEqual(['Noto Sans']); // Dewi Lestari
	expect(families[1]).toEqual(['Noto Sans', 'Noto Sans KR']); // Hangul from KR, brackets and space from Noto Sans
	expect(families[2]).toEqual(['Noto Sans']); // Kazakh: Cyrillic Extended from Noto Sans, never KR
	expect(families[3]).toEqual(['Noto Sans']); // Mongolian
	const title = (await fontsUsedFor(page, '[data-testid="join-workshop-title"]'))[0];
	expect(title.map((f) => f.familyName)).toEqual(['Noto Sans']);
	expect(title[0].isCustomFont).toBe(true);

	// Nothing leaves the origin, fonts least of all; and unicode-range keeps the download small.
	expect(requests.filter((r) => new URL(r.url).origin !== origin && !/^(data|blob):/.test(r.url))).toEqual([]);
	const fontFiles = [...new Set(requests.filter((r) => r.type === 'font').map((r) => new URL(r.url).pathname))];
	expect(failedFonts).toEqual([]);
	expect(fontFiles.some((p) => /noto-sans-kr-\d+-wght/.test(p))).toBe(true);
	expect(fontFiles.some((p) => /noto-sans-cyrillic-ext-wght/.test(p))).toBe(true);
	// The KR face alone comes in 124 subsets; a page with a few Hangul names needs only a handful.
	expect(fontFiles.length).toBeLessThan(24);
	testInfo.annotations.push({ type: 'font files downloaded', description: `${fontFiles.length}: ${fontFiles.map((p) => p.split('/').pop()).join(', ')}` });

	await shoot(page, testInfo, 'join-mixed-scripts-desktop');
	await page.setViewportSize(PHONE);
	await shoot(page, testInfo, 'join-mixed-scripts-phone');
	await context.close();
});
