/**
 * Security headers for every HTTP response of the server: the API, the app's pages and files,
 * socket.io's long-polling. Set with setHeader before any handler writes, so a handler's own
 * value wins: SvelteKit replaces the Content-Security-Policy below with the page policy from
 * svelte.config.js on the pages it renders.
 */
import type { ServerResponse } from 'node:http';

/**
 * What nothing but a page needs: API JSON, exports, images and scripts are never documents that
 * should run, embed or submit anything, so their policy forbids everything.
 */
export const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// Browsers must not guess a type: an uploaded-looking JSON export must never run as HTML or script.
	'x-content-type-options': 'nosniff',
	// Board ids and join codes in URLs stay on this site.
	'referrer-policy': 'same-origin',
	// No site may frame the board (clickjacking); frame-ancestors says the same for CSP browsers.
	'x-frame-options': 'DENY',
	'content-security-policy': DEFAULT_CONTENT_SECURITY_POLICY,
	// Windows this site opens, or that open it, get no handle on each other.
	'cross-origin-opener-policy': 'same-origin'
};

/** Adds the headers a handler has not set itself. */
export function applySecurityHeaders(res: ServerResponse): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!res.hasHeader(name)) res.setHeader(name, value);
	}
}
