/**
 * Exports in the reader's language: the app's own message catalog (paraglide, compiled into
 * src/lib/paraglide) run on the server. The catalog's getLocale() reads an AsyncLocalStorage on
 * the server, so everything built inside `inLocale(locale, …)` — the label helpers the views use
 * (helixLabel, statusLabel, formatDate…) included — speaks that locale, one request at a time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { baseLocale, isLocale, locales, overwriteServerAsyncLocalStorage, type Locale } from '../../src/lib/paraglide/runtime.js';
import { HttpError } from '../http/routing.js';

export type { Locale };

const storage = new AsyncLocalStorage<{ locale?: Locale }>();
overwriteServerAsyncLocalStorage(storage);

/** Runs `build` (and everything it awaits) with the catalog speaking `locale`. */
export function inLocale<T>(locale: Locale, build: () => T): T {
	return storage.run({ locale }, build);
}

/** The `lang` query parameter: one of the app's locales, the base locale (English) when absent. */
export function localeParam(url: URL): Locale {
	const lang = url.searchParams.get('lang');
	if (lang === null || lang === '') return baseLocale;
	if (!isLocale(lang)) {
		const shown = lang.length > 20 ? `${lang.slice(0, 20)}…` : lang;
		throw new HttpError(400, `unsupported language "${shown}"; supported: ${locales.join(', ')}`);
	}
	return lang;
}
