/**
 * The pure rules of the live workshop on the client (issue 6): what a timer shows, who follows a
 * presentation, when the zero signal sounds. Framework-free, so unit tests drive exactly what the
 * pages run (WorkshopLive and the facilitation components build on these).
 */
import type { PresentState, TimerState } from '../api/workshop.js';
import type { Role } from './protocol.js';

/** The server clock minus this browser's, learnt from hello.serverTime (refreshed on every hello). */
export function serverOffset(serverTime: number, receivedAt: number): number {
	return serverTime - receivedAt;
}

/** What is left of a timer at `serverNow` (ms, never negative): endsAt − serverNow while it runs. */
export function timerRemainingMs(timer: TimerState, serverNow: number): number {
	if (timer.running && timer.endsAt !== null) return Math.max(0, timer.endsAt - serverNow);
	return Math.max(0, timer.remainingMs);
}

/** m:ss (h:mm:ss from an hour), rounded up, so "0:00" shows only when time is really up. */
export function formatRemaining(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Who looks at a board: their role, own group board (participants) and the board open now. */
export interface Viewer {
	role: Role;
	ownBoardId: string | null;
	boardId: string;
}

/**
 * Whether this viewer sees the timer: a workshop-wide timer everyone; a group's timer its members
 * and whoever has that group's board open; facilitators every timer (they run them).
 */
export function timerVisibleTo(timer: TimerState | null, viewer: Viewer): timer is TimerState {
	if (!timer) return false;
	if (timer.scope === 'all' || viewer.role === 'facilitator') return true;
	return timer.scope === viewer.ownBoardId || timer.scope === viewer.boardId;
}

/**
 * Whether a participant is asked to follow the presentation: 'all' pulls everyone, 'group' the
 * members of the presented board's group, 'none' nobody. Facilitators never follow.
 */
export function isFollower(present: PresentState | null, viewer: Pick<Viewer, 'role' | 'ownBoardId'>): present is PresentState & { boardId: string } {
	if (!present?.boardId || viewer.role !== 'participant') return false;
	if (present.followers === 'all') return true;
	return present.followers === 'group' && present.boardId === viewer.ownBoardId;
}

/**
 * Whether this participant follows now: asked to, and not stepped away from this very
 * presentation (`steppedAwayFrom` is the `since` they stepped away from; a new presentation has a
 * new `since`, so everyone follows again).
 */
export function isFollowing(present: PresentState | null, viewer: Pick<Viewer, 'role' | 'ownBoardId'>, steppedAwayFrom: number | null): boolean {
	return isFollower(present, viewer) && present.since !== steppedAwayFrom;
}

/** Where a follower belongs: the presented board in the presented view (and plan layout). */
export function presentedPath(present: PresentState & { boardId: string }): string {
	const params = new URLSearchParams();
	if (present.view && present.view !== 'map') params.set('view', present.view);
	if (present.view === 'plan' && present.layout && present.layout !== 'table') params.set('layout', present.layout);
	const query = params.toString();
	return `/b/${encodeURIComponent(present.boardId)}${query ? `?${query}` : ''}`;
}

/** Whether the page at (boardId, view, layout) already shows what is presented. */
export function showsPresented(present: PresentState & { boardId: string }, at: { boardId: string; view: string; layout: string }): boolean {
	if (present.boardId !== at.boardId || present.view !== at.view) return false;
	return present.view !== 'plan' || (present.layout ?? 'table') === at.layout;
}

/** A run that ended longer ago than this is not announced (a page opened after the end stays quiet). */
export const ZERO_SIGNAL_GRACE_MS = 5000;

/**
 * The zero signal (flash and beep) fires once per run: per `startedAt`, however many badges,
 * reconnects or board switches see the same run reach zero.
 */
export class ZeroSignal {
	private readonly seen = new Set<number>();

	/** True exactly once for a running timer that has reached zero (recently, see ZERO_SIGNAL_GRACE_MS). */
	check(timer: TimerState | null, serverNow: number): boolean {
		if (!timer?.running || timer.endsAt === null || timer.startedAt === null) return false;
		if (serverNow < timer.endsAt || this.seen.has(timer.startedAt)) return false;
		this.seen.add(timer.startedAt);
		return serverNow - timer.endsAt <= ZERO_SIGNAL_GRACE_MS;
	}
}

/**
 * Calls `send` at most every `intervalMs` with the latest value, and always sends the last one
 * (a presenter's final viewport must arrive even when it came within the interval).
 */
export class Throttle<T> {
	private timer: ReturnType<typeof setTimeout> | null = null;
	private sentAt = -Infinity;
	private pending: { value: T } | null = null;

	constructor(
		private readonly intervalMs: number,
		private readonly send: (value: T) => void,
		private readonly now: () => number = Date.now
	) {}

	push(value: T): void {
		this.pending = { value };
		if (this.timer !== null) return;
		const wait = Math.max(0, this.sentAt + this.intervalMs - this.now());
		if (wait === 0) this.flush();
		else this.timer = setTimeout(() => this.flush(), wait);
	}

	flush(): void {
		if (this.timer !== null) clearTimeout(this.timer);
		this.timer = null;
		if (!this.pending) return;
		const { value } = this.pending;
		this.pending = null;
		this.sentAt = this.now();
		this.send(value);
	}

	cancel(): void {
		if (this.timer !== null) clearTimeout(this.timer);
		this.timer = null;
		this.pending = null;
	}
}
