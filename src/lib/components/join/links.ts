/**
 * The links a facilitator hands out. The join link carries only the public join code; the
 * co-facilitator link carries the facilitator token in the URL fragment, which browsers never send
 * to the server (so it stays out of access logs and proxies).
 */
import { normalizeJoinCode } from '../../board/ids.js';

/** `https://host/j/K7M2QX`: opens the join flow with the code filled in. */
export function joinLink(origin: string, joinCode: string): string {
	return `${origin.replace(/\/+$/, '')}/j/${encodeURIComponent(normalizeJoinCode(joinCode))}`;
}

export function invitePath(workshopId: string): string {
	return `/w/${encodeURIComponent(workshopId)}/invite`;
}

/** `https://host/w/<workshopId>/cofacilitate#<token>`: a secret; whoever opens it can run the workshop. */
export function cofacilitateLink(origin: string, workshopId: string, facilitatorToken: string): string {
	return `${origin.replace(/\/+$/, '')}/w/${encodeURIComponent(workshopId)}/cofacilitate#${encodeURIComponent(facilitatorToken)}`;
}

/** The token of a co-facilitator link's fragment (`#v1.xxx.yyy`), or null when there is none usable. */
export function tokenFromFragment(hash: string): string | null {
	const raw = hash.startsWith('#') ? hash.slice(1) : hash;
	let token: string;
	try {
		token = decodeURIComponent(raw).trim();
	} catch {
		return null;
	}
	// Tokens are `v1.<base64url>.<base64url>` (server/auth/tokens.ts); anything else is a broken paste.
	return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) && token.length <= 2048 ? token : null;
}

/** Seconds to wait from a 429's Retry-After header (delta-seconds), or null when it has none usable. */
export function retryAfterSeconds(header: string | null): number | null {
	if (!header || !/^\d{1,6}$/.test(header.trim())) return null;
	return Math.max(1, Number(header.trim()));
}
