/** Looking up a join code from the browser, with the answers people need to see told apart. */
import type { JoinInfoResponse } from '$lib/api/types.js';
import { isJoinCode, JOIN_CODE_LENGTH, normalizeJoinCode } from '$lib/board/ids.js';
import { m } from '$lib/paraglide/messages.js';
import { retryAfterSeconds } from './links.js';

export type LookupResult =
	| { ok: true; code: string; info: JoinInfoResponse }
	| { ok: false; code: string; message: string; unknown: boolean };

export async function lookupJoinCode(input: string): Promise<LookupResult> {
	const code = normalizeJoinCode(input);
	if (!isJoinCode(code)) return { ok: false, code, message: m.join_code_invalid({ length: JOIN_CODE_LENGTH }), unknown: true };
	let response: Response;
	try {
		response = await fetch(`/api/join/${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } });
	} catch {
		// Flaky classroom Wi-Fi reads differently from the server saying no.
		return { ok: false, code, message: m.error_lookup_failed({ detail: m.error_network() }), unknown: false };
	}
	const body: unknown = await response.json().catch(() => null);
	if (response.ok) return { ok: true, code, info: body as JoinInfoResponse };
	if (response.status === 404) return { ok: false, code, message: m.join_code_unknown(), unknown: true };
	if (response.status === 429) {
		const seconds = retryAfterSeconds(response.headers.get('retry-after')) ?? 60;
		return { ok: false, code, message: m.join_rate_limited({ seconds }), unknown: false };
	}
	const error = (body as { error?: unknown } | null)?.error;
	return { ok: false, code, message: m.error_lookup_failed({ detail: typeof error === 'string' ? error : response.statusText }), unknown: false };
}
