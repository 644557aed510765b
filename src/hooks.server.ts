/**
 * Picks each request's language (cookie, then the browser's Accept-Language, then English) and
 * writes it into the page shell, so the server-rendered HTML and the hydrated app agree. Adds
 * this host's WebSocket origins to the page's Content-Security-Policy (svelte.config.js).
 */
import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getTextDirection } from '$lib/paraglide/runtime.js';
import { paraglideMiddleware } from '$lib/paraglide/server.js';

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

/** A host name or address with an optional port: nothing that could end or add a CSP directive. */
const PLAIN_HOST = /^[A-Za-z0-9.:[\]-]{1,255}$/;

/**
 * socket.io upgrades to a WebSocket on the page's own host. CSP level 3 lets 'self' cover it, but
 * older browsers (phones that are years behind) need ws:// and wss:// named. The host is only
 * known per request (behind a proxy, from its Host header), so it is added here.
 */
const socketOrigins: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const policy = response.headers.get('content-security-policy');
	const host = event.url.host;
	if (policy && PLAIN_HOST.test(host)) {
		response.headers.set(
			'content-security-policy',
			policy.replace(/(^|;\s*)connect-src([^;]*)/, `$1connect-src$2 ws://${host} wss://${host}`)
		);
	}
	return response;
};

export const handle: Handle = sequence(socketOrigins, i18n);
