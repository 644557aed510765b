/**
 * When this person last had a board open, kept in localStorage per board, for "changes since my
 * last visit". A visit ends after VISIT_GAP_MS without the board open, so a reload or a short
 * Wi-Fi drop is the same visit and does not move "last visit" to a minute ago.
 */
export const VISIT_GAP_MS = 30 * 60 * 1000;

interface VisitRecord {
	/** Last moment the board was open in the current (or latest) visit. */
	seen: number;
	/** When the visit before the current one ended; null on a first visit. */
	previousEnd: number | null;
}

const key = (boardId: string) => `helixboard:visit:${boardId}`;

function read(storage: Storage, boardId: string): VisitRecord | null {
	try {
		const value = JSON.parse(storage.getItem(key(boardId)) ?? 'null') as Partial<VisitRecord> | null;
		if (!value || typeof value.seen !== 'number') return null;
		return { seen: value.seen, previousEnd: typeof value.previousEnd === 'number' ? value.previousEnd : null };
	} catch {
		return null;
	}
}

/**
 * Records that the board is open now and returns when the previous visit ended (null on the first
 * visit). Call it when the board opens and then now and again while it stays open.
 */
export function recordVisit(boardId: string, now = Date.now(), storage: Storage | null = globalThis.localStorage ?? null): number | null {
	if (!storage) return null;
	const stored = read(storage, boardId);
	const previousEnd = !stored ? null : now - stored.seen > VISIT_GAP_MS ? stored.seen : stored.previousEnd;
	storage.setItem(key(boardId), JSON.stringify({ seen: now, previousEnd } satisfies VisitRecord));
	return previousEnd;
}
