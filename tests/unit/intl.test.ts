/**
 * Dates and numbers in the UI's language (src/lib/intl.ts). Node has every language's data, so
 * here Kazakh and Mongolian format as CLDR says; Chromium has none for them, and there the
 * numeric stand-ins apply — tested by asking for them directly, and in the browser by
 * tests/e2e/languages.spec.ts (no "M09" placeholder, no English months in the plan).
 */
import { describe, expect, it } from 'vitest';
import { dateFormat, hasLocaleData, numberFormat, numericDates } from '../../src/lib/intl.js';

const SEPT_15 = new Date(Date.UTC(2026, 8, 15, 14, 5));

describe('intl', () => {
	it('knows which locales have data here (Node: all six), and not an unknown one', () => {
		for (const locale of ['en', 'id', 'ko', 'ru', 'kk', 'mn']) expect(hasLocaleData(locale), locale).toBe(true);
		expect(hasLocaleData('zz')).toBe(false);
	});

	it('formats with the locale data where it exists', () => {
		expect(dateFormat({ dateStyle: 'long', timeZone: 'UTC' }, 'kk').format(SEPT_15)).toContain('қыркүйек');
		expect(dateFormat({ dateStyle: 'long', timeZone: 'UTC' }, 'ko').format(SEPT_15)).toBe('2026년 9월 15일');
		expect(numberFormat(undefined, 'ru').format(1234567.5)).toBe('1\u00a0234\u00a0567,5');
	});

	it('writes Kazakh and Mongolian dates in their countries\u2019 numeric form where the data is missing', () => {
		expect(numericDates('dmy', { dateStyle: 'medium', timeZone: 'UTC' }).format(SEPT_15)).toBe('15.09.2026');
		expect(numericDates('ymd', { dateStyle: 'medium', timeZone: 'UTC' }).format(SEPT_15)).toBe('2026.09.15');
		expect(numericDates('dmy', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(SEPT_15)).toBe('15.09.2026 14:05');
		expect(numericDates('ymd', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(SEPT_15)).toBe('2026.09');
		expect(numericDates('ymd', { day: 'numeric', timeZone: 'UTC' }).format(SEPT_15)).toBe('15');
		expect(numericDates('dmy', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Almaty' }).format(SEPT_15)).toBe('19:05');
	});
});
