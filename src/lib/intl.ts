/**
 * Dates and numbers in the UI's language, through Intl — where the browser has the language's
 * data. Chromium (Debian's build here, and Google's) ships none for Kazakh or Mongolian: a Kazakh
 * date comes out as "2026 M09 15", a Mongolian one in English. Missing data gets the country's
 * numeric date form instead (Kazakhstan 15.09.2026, Mongolia 2026.09.15; months by number, times
 * 14:05) and, for Kazakh, Russian number separators (1 234 567,5), which Kazakhstan uses too.
 * Node (the server's exports) has every language's data and formats as CLDR says.
 */
import { getLocale } from './paraglide/runtime.js';

interface DateFormatter {
	format(date: Date): string;
}

/** Locales without their own data: where the fields go, and whose numbers to borrow. */
const STAND_INS: Record<string, { order: 'dmy' | 'ymd'; numbers: string }> = {
	kk: { order: 'dmy', numbers: 'ru' },
	mn: { order: 'ymd', numbers: 'mn' }
};

const known = new Map<string, boolean>();

/** Whether Intl here has `locale`'s data: its own month names, not English nor the "M09" placeholder. */
export function hasLocaleData(locale: string): boolean {
	let answer = known.get(locale);
	if (answer === undefined) {
		const format = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
		const month = format.formatToParts(new Date(Date.UTC(2026, 8, 15))).find((part) => part.type === 'month')?.value ?? '';
		answer = format.resolvedOptions().locale.split('-')[0] === locale.split('-')[0] && !/^M?\d+$/.test(month);
		known.set(locale, answer);
	}
	return answer;
}

/** The country's numeric form of what `options` asks for (date fields, time), in `options.timeZone`. */
export function numericDates(order: 'dmy' | 'ymd', options: Intl.DateTimeFormatOptions): DateFormatter {
	const wants = {
		year: !!(options.dateStyle || options.year),
		month: !!(options.dateStyle || options.month),
		day: !!(options.dateStyle || options.day),
		time: !!(options.timeStyle || options.hour || options.minute)
	};
	const digits = new Intl.DateTimeFormat('en-US', {
		timeZone: options.timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});
	return {
		format(date) {
			const parts = Object.fromEntries(digits.formatToParts(date).map((part) => [part.type, part.value]));
			const fields = order === 'dmy' ? (['day', 'month', 'year'] as const) : (['year', 'month', 'day'] as const);
			const day = fields.filter((field) => wants[field]).map((field) => parts[field]).join('.');
			return [day, wants.time ? `${parts.hour}:${parts.minute}` : ''].filter(Boolean).join(' ');
		}
	};
}

export function dateFormat(options: Intl.DateTimeFormatOptions, locale: string = getLocale()): DateFormatter {
	const standIn = STAND_INS[locale];
	return standIn && !hasLocaleData(locale) ? numericDates(standIn.order, options) : new Intl.DateTimeFormat(locale, options);
}

export function numberFormat(options?: Intl.NumberFormatOptions, locale: string = getLocale()): Intl.NumberFormat {
	const standIn = STAND_INS[locale];
	return new Intl.NumberFormat(standIn && !hasLocaleData(locale) ? standIn.numbers : locale, options);
}
