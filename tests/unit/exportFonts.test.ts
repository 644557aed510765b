/**
 * No missing-glyph boxes in exports: every character of every message in every catalog (all six
 * languages, every variant) is drawn by one of the export fonts, in both weights, by the same
 * fallback rule the images and the PDF use (server/exports/fonts.ts). And that rule: a text one
 * family covers stays in one run (a PDF writes it in one call), a mixed one is cut where needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fontkit from 'fontkit';
import { FONT_FILES, pdfRuns, runs, textWidth, wrapText } from '../../server/exports/fonts.js';

const settings = JSON.parse(fs.readFileSync('project.inlang/settings.json', 'utf8')) as {
	locales: string[];
	'plugin.inlang.messageFormat': { pathPattern: string[] };
};

function texts(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap((variant) => Object.values((variant as { match?: Record<string, string> }).match ?? {}));
	return [];
}

describe('export fonts', () => {
	const faces = Object.values(FONT_FILES).flatMap((weights) => Object.values(weights).map((file) => fontkit.openSync(file) as fontkit.Font));
	const [latinRegular, latinBold, koreanRegular, koreanBold] = faces;

	it('draw every character of every catalog, in both weights', () => {
		const missing = new Set<string>();
		for (const pattern of settings['plugin.inlang.messageFormat'].pathPattern) {
			for (const locale of settings.locales) {
				const catalog = JSON.parse(fs.readFileSync(path.resolve('project.inlang', '..', pattern.replace('{locale}', locale)), 'utf8')) as Record<string, unknown>;
				delete catalog.$schema;
				for (const text of Object.values(catalog).flatMap(texts)) {
					for (const char of text.replace(/\{[^}]*\}/g, '')) {
						const code = char.codePointAt(0)!;
						if (/\s/.test(char)) continue;
						const regular = latinRegular.hasGlyphForCodePoint(code) || koreanRegular.hasGlyphForCodePoint(code);
						const bold = latinBold.hasGlyphForCodePoint(code) || koreanBold.hasGlyphForCodePoint(code);
						if (!regular || !bold) missing.add(`${char} U+${code.toString(16).toUpperCase().padStart(4, '0')} (${locale})`);
					}
				}
			}
		}
		expect([...missing]).toEqual([]);
	});

	it('keep a text in one family when one covers it, and cut only mixed text', () => {
		expect(pdfRuns('Smart Kota Pekanbaru — Қазақстан')).toEqual([{ text: 'Smart Kota Pekanbaru — Қазақстан', family: 'latin' }]);
		expect(pdfRuns('스마트 거버넌스 2027')).toEqual([{ text: '스마트 거버넌스 2027', family: 'korean' }]);
		// Kazakh letters are missing from Noto Sans KR, Hangul from Noto Sans: two runs.
		expect(pdfRuns('정부 Қоғам')).toEqual([
			{ text: '정부 ', family: 'korean' },
			{ text: 'Қоғам', family: 'latin' }
		]);
		expect(runs('Group 정부').map((run) => run.family)).toEqual(['latin', 'korean']);
	});

	it('measure and wrap text, breaking words too long for a line', () => {
		expect(textWidth('정부', 20)).toBeGreaterThan(textWidth('ab', 20));
		const lines = wrapText('Өмнөговь аймгийн Иргэдийн Төлөөлөгчдийн Хурал', 14, 120, 2, 'bold');
		expect(lines).toHaveLength(2);
		for (const line of lines) expect(textWidth(line, 14, 'bold')).toBeLessThanOrEqual(120);
		expect(lines[1].endsWith('…')).toBe(true);
		expect(wrapText('대한민국행정안전부지방자치분권실', 14, 60, 3).every((line) => textWidth(line, 14) <= 60)).toBe(true);
	});
});
