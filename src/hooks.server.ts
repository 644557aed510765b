/**
 * Picks each request's language (cookie, then the browser's Accept-Language, then English) and
 * writes it into the page shell, so the server-rendered HTML and the hydrated app agree.
 */
import type { Handle } from '@sveltejs/kit';
import { getTextDirection } from '$lib/paraglide/runtime.js';
import { paraglideMiddleware } from '$lib/paraglide/server.js';

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});
