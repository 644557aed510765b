/**
 * The fonts of every export: Noto Sans (Latin, Cyrillic with the Kazakh and Mongolian letters)
 * and Noto Sans KR (Hangul), the families the app shows (@fontsource in the browser), here as
 * whole TTF files from npm, since PNG rendering (resvg) and PDF embedding (pdfkit) read TTFs.
 * Neither file covers everything: Noto Sans has no Hangul, Noto Sans KR lacks ә ғ қ ң ө ұ ү һ і.
 * So text is cut into runs, each in the first family that has its characters (`runs`), and
 * measured the same way (`textWidth`), so layouts and PDF text agree on one fallback rule.
 */
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export type Weight = 'regular' | 'bold';
export type Family = 'latin' | 'korean';

export const FONT_FILES: Record<Family, Record<Weight, string>> = {
	latin: {
		regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
		bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf')
	},
	korean: {
		regular: require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf'),
		bold: require.resolve('@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf')
	}
};

/** What SVG exports name: the app's families first, then whatever the reader's system has. */
export const FONT_FAMILY_CSS = "'Noto Sans', 'Noto Sans KR', sans-serif";

const loaded = new Map<string, fontkit.Font>();

function font(family: Family, weight: Weight): fontkit.Font {
	const file = FONT_FILES[family][weight];
	let opened = loaded.get(file);
	if (!opened) {
		opened = fontkit.openSync(file) as fontkit.Font;
		loaded.set(file, opened);
	}
	return opened;
}

export interface Run {
	text: string;
	family: Family;
}

/** `text` cut where the family that can draw it changes (Noto Sans first; spaces join the run they are in). */
export function runs(text: string, weight: Weight = 'regular'): Run[] {
	const latin = font('latin', weight);
	const result: Run[] = [];
	for (const char of text) {
		const code = char.codePointAt(0)!;
		const last = result.at(-1);
		const family: Family = char === ' ' && last ? last.family : latin.hasGlyphForCodePoint(code) ? 'latin' : 'korean';
		if (last && last.family === family) last.text += char;
		else result.push({ text: char, family });
	}
	return result;
}

/**
 * For a PDF, where each run is a separate text call: the whole text in one family when one has
 * every character (Noto Sans KR draws Latin and digits too), runs only when neither does.
 */
export function pdfRuns(text: string, weight: Weight = 'regular'): Run[] {
	for (const family of ['latin', 'korean'] as const) {
		const face = font(family, weight);
		if ([...text].every((char) => face.hasGlyphForCodePoint(char.codePointAt(0)!))) return [{ text, family }];
	}
	return runs(text, weight);
}

const widthCache = new Map<string, number>();

/** Advance width of `text` at `size` (units of the caller: px or pt), kerning left aside. */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
	let units = 0;
	for (const run of runs(text, weight)) {
		const face = font(run.family, weight);
		for (const char of run.text) {
			const key = `${run.family}${weight}${char}`;
			let advance = widthCache.get(key);
			if (advance === undefined) {
				advance = face.glyphForCodePoint(char.codePointAt(0)!).advanceWidth / face.unitsPerEm;
				widthCache.set(key, advance);
			}
			units += advance;
		}
	}
	return units * size;
}

/** `text` cut to fit `width`, ending in "…" when cut. */
export function fitText(text: string, size: number, width: number, weight: Weight = 'regular'): string {
	if (textWidth(text, size, weight) <= width) return text;
	const chars = [...text];
	let low = 0;
	let high = chars.length;
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		if (textWidth(chars.slice(0, mid).join('') + '…', size, weight) <= width) low = mid;
		else high = mid - 1;
	}
	return chars.slice(0, low).join('').trimEnd() + '…';
}

/**
 * `text` broken into at most `maxLines` lines of `width` (at spaces where there are any, anywhere
 * in a word too long for a line, as Hangul and long Kazakh compounds need); the last line ends in
 * "…" when text is left over.
 */
export function wrapText(text: string, size: number, width: number, maxLines: number, weight: Weight = 'regular'): string[] {
	const lines: string[] = [];
	let rest = text.trim().replace(/\s+/g, ' ');
	while (rest && lines.length < maxLines) {
		if (lines.length === maxLines - 1 || textWidth(rest, size, weight) <= width) {
			lines.push(fitText(rest, size, width, weight));
			break;
		}
		const chars = [...rest];
		let fit = 1;
		while (fit < chars.length && textWidth(chars.slice(0, fit + 1).join(''), size, weight) <= width) fit++;
		const space = chars.slice(0, fit + 1).lastIndexOf(' ');
		const cut = space > 0 ? space : fit;
		lines.push(chars.slice(0, cut).join('').trimEnd());
		rest = chars.slice(cut).join('').trimStart();
	}
	return lines;
}
