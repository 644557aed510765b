/** What each client publishes through awareness (cursors and drags never enter the Y.Doc). */
import type { Role } from './protocol.js';

export interface PresenceUser {
	name: string;
	color: string;
	role: Role;
	/**
	 * The participant's id (from their token), so the facilitator console can tell who is online
	 * even when two people share a name; null for facilitators. Optional: older clients send none.
	 */
	id?: string | null;
}

export interface PresenceState {
	user: PresenceUser;
	/** Pointer position in the coordinates of a view, null when the pointer is outside the board. */
	cursor: Cursor | null;
	/** Notes or cards being dragged: shown at these positions by others until the drop writes them once. */
	drag: DragPosition[];
	/** The note or stakeholder this person is editing. */
	editing: string | null;
	/** Ids of what this person has selected (cards, relations), outlined in their colour for others. */
	selection: string[];
}

/**
 * Views have different coordinates (map: board units, notes: surface pixels, grid: interest and
 * power): a cursor names its space and is shown only by the view that draws that space.
 */
export const CURSOR_SPACES = ['notes', 'map', 'grid'] as const;
export type CursorSpace = (typeof CURSOR_SPACES)[number];

export interface Cursor {
	x: number;
	y: number;
	space: CursorSpace;
}

export interface DragPosition {
	id: string;
	x: number;
	y: number;
}

/** Foreign clients may publish huge lists; more than this is not shown. */
export const MAX_SHARED_IDS = 500;

export interface Peer extends PresenceState {
	clientId: number;
}

/** Distinct, readable colours for people; picked from a stable hash of their id. */
export const PEER_COLORS = ['#d1495b', '#00798c', '#edae49', '#30638e', '#6a4c93', '#2a9d8f', '#e76f51', '#8d6e63'];

export function colorFor(key: string): string {
	let hash = 0;
	for (const char of key) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
	return PEER_COLORS[hash % PEER_COLORS.length];
}

/** Foreign clients may publish anything: accept only states with a usable user. */
export function toPeer(clientId: number, state: unknown): Peer | null {
	if (typeof state !== 'object' || state === null) return null;
	const s = state as Partial<PresenceState>;
	const user = s.user;
	if (!user || typeof user.name !== 'string' || typeof user.color !== 'string') return null;
	const point = (p: unknown) =>
		typeof p === 'object' && p !== null && Number.isFinite((p as { x: number }).x) && Number.isFinite((p as { y: number }).y)
			? (p as { x: number; y: number })
			: null;
	const list = (value: unknown): unknown[] => (Array.isArray(value) ? value.slice(0, MAX_SHARED_IDS) : []);
	const drag = list(s.drag).filter((d): d is DragPosition => point(d) !== null && typeof (d as DragPosition).id === 'string');
	const selection = list(s.selection).filter((id): id is string => typeof id === 'string');
	return {
		clientId,
		user: {
			name: Array.from(user.name).slice(0, 80).join(''), // whole characters: never half an emoji
			color: user.color,
			role: user.role === 'facilitator' ? 'facilitator' : 'participant',
			// Present only when it looks like an id; a junk value is dropped like a missing one.
			...(typeof user.id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(user.id) ? { id: user.id } : {})
		},
		cursor: cursorOf(s.cursor, point),
		drag,
		editing: typeof s.editing === 'string' ? s.editing : null,
		selection
	};
}

function cursorOf(value: unknown, point: (p: unknown) => { x: number; y: number } | null): Cursor | null {
	const at = point(value);
	if (!at) return null;
	const space = (value as { space?: unknown }).space;
	// Clients from before spaces existed only had the notes surface.
	if (space === undefined) return { x: at.x, y: at.y, space: 'notes' };
	return CURSOR_SPACES.includes(space as CursorSpace) ? { x: at.x, y: at.y, space: space as CursorSpace } : null;
}

/**
 * The participant id inside a participant token (`v1.<base64url JSON claims>.<signature>`), for
 * `user.id`; null for facilitator tokens or anything unreadable. Only read, never trusted: the
 * server checks tokens, this merely labels presence.
 */
export function participantIdOfToken(token: string): string | null {
	try {
		const payload = token.split('.')[1] ?? '';
		const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
		const claims = JSON.parse(json) as { kind?: unknown; participantId?: unknown };
		return claims.kind === 'participant' && typeof claims.participantId === 'string' ? claims.participantId : null;
	} catch {
		return null;
	}
}
