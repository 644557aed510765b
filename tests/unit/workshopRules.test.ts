import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PresentState, TimerState } from '../../src/lib/api/workshop.js';
import {
	formatRemaining,
	isFollower,
	isFollowing,
	presentedPath,
	serverOffset,
	showsPresented,
	Throttle,
	timerRemainingMs,
	timerVisibleTo,
	ZERO_SIGNAL_GRACE_MS,
	ZeroSignal
} from '../../src/lib/sync/workshopRules.js';

const SERVER_START = 1_800_000_000_000;

function running(durationMs: number, startedAt = SERVER_START, scope = 'all'): TimerState {
	return { scope, durationMs, running: true, endsAt: startedAt + durationMs, remainingMs: durationMs, startedAt };
}

function presenting(fields: Partial<PresentState> = {}): PresentState {
	return { boardId: 'boardA', view: 'map', layout: null, followers: 'group', by: 'Ayu', since: 1000, ...fields };
}

const participantOf = (ownBoardId: string) => ({ role: 'participant' as const, ownBoardId });
const facilitator = { role: 'facilitator' as const, ownBoardId: null };

describe('timer remaining', () => {
	it('is endsAt minus the server clock, whatever the local clock says', () => {
		const timer = running(5 * 60_000);
		// The laptop runs 7 minutes slow: its own clock is way before the start.
		const localNow = SERVER_START + 60_000 - 7 * 60_000;
		const offset = serverOffset(SERVER_START, SERVER_START - 7 * 60_000);
		expect(offset).toBe(7 * 60_000);
		expect(timerRemainingMs(timer, localNow + offset)).toBe(4 * 60_000);
	});

	it('is the same for two clients with differently skewed clocks', () => {
		const timer = running(3 * 60_000);
		const fast = { offset: serverOffset(SERVER_START, SERVER_START + 90_000) };
		const slow = { offset: serverOffset(SERVER_START, SERVER_START - 45_000) };
		// 20 s later on the server, as each client sees it on its own clock.
		const atFast = SERVER_START + 90_000 + 20_000;
		const atSlow = SERVER_START - 45_000 + 20_000;
		expect(timerRemainingMs(timer, atFast + fast.offset)).toBe(160_000);
		expect(timerRemainingMs(timer, atSlow + slow.offset)).toBe(160_000);
	});

	it('never goes below zero after the end', () => {
		expect(timerRemainingMs(running(1000), SERVER_START + 5000)).toBe(0);
	});

	it('shows what was left while paused, however much time passes', () => {
		const paused: TimerState = { ...running(60_000), running: false, endsAt: null, remainingMs: 42_500 };
		expect(timerRemainingMs(paused, SERVER_START + 10 * 60_000)).toBe(42_500);
	});

	it.each([
		[0, '0:00'],
		[1, '0:01'],
		[999, '0:01'],
		[1000, '0:01'],
		[59_001, '1:00'],
		[5 * 60_000, '5:00'],
		[61 * 60_000 + 5000, '1:01:05']
	])('formats %i ms as %s (rounded up)', (ms, text) => {
		expect(formatRemaining(ms)).toBe(text);
	});
});

describe('timer scope', () => {
	const viewer = (ownBoardId: string | null, boardId: string, role: 'participant' | 'facilitator' = 'participant') => ({ role, ownBoardId, boardId });

	it('shows a workshop-wide timer to everyone', () => {
		expect(timerVisibleTo(running(1000), viewer('boardA', 'boardA'))).toBe(true);
		expect(timerVisibleTo(running(1000), viewer('boardB', 'boardA'))).toBe(true);
	});

	it("shows a group's timer to its members and on its board, not to other groups on their own boards", () => {
		const timer = running(1000, SERVER_START, 'boardA');
		expect(timerVisibleTo(timer, viewer('boardA', 'boardA'))).toBe(true);
		expect(timerVisibleTo(timer, viewer('boardA', 'boardB'))).toBe(true);
		expect(timerVisibleTo(timer, viewer('boardB', 'boardA'))).toBe(true);
		expect(timerVisibleTo(timer, viewer('boardB', 'boardB'))).toBe(false);
	});

	it('shows every timer to facilitators, and nothing without a timer', () => {
		expect(timerVisibleTo(running(1000, SERVER_START, 'boardA'), viewer(null, 'boardB', 'facilitator'))).toBe(true);
		expect(timerVisibleTo(null, viewer('boardA', 'boardA'))).toBe(false);
	});
});

describe('follower rule', () => {
	it("'all' pulls every participant, 'group' only the presented board's group, 'none' nobody", () => {
		expect(isFollower(presenting({ followers: 'all' }), participantOf('boardB'))).toBe(true);
		expect(isFollower(presenting({ followers: 'group' }), participantOf('boardA'))).toBe(true);
		expect(isFollower(presenting({ followers: 'group' }), participantOf('boardB'))).toBe(false);
		expect(isFollower(presenting({ followers: 'none' }), participantOf('boardA'))).toBe(false);
	});

	it('never pulls facilitators, and nobody when nothing is presented', () => {
		expect(isFollower(presenting({ followers: 'all' }), facilitator)).toBe(false);
		expect(isFollower(null, participantOf('boardA'))).toBe(false);
		expect(isFollower(presenting({ boardId: null, followers: 'all' }), participantOf('boardA'))).toBe(false);
	});

	it('a participant who stepped away stays away until a new presentation starts', () => {
		const present = presenting({ followers: 'all', since: 1000 });
		expect(isFollowing(present, participantOf('boardB'), null)).toBe(true);
		expect(isFollowing(present, participantOf('boardB'), 1000)).toBe(false);
		// "Bring everyone here" again, or another board: a new `since`.
		expect(isFollowing({ ...present, since: 2000 }, participantOf('boardB'), 1000)).toBe(true);
	});

	it('sends followers to the presented board and view, layout only for the plan', () => {
		expect(presentedPath({ ...presenting(), boardId: 'boardA' })).toBe('/b/boardA');
		expect(presentedPath({ ...presenting({ view: 'grid', layout: 'timeline' }), boardId: 'boardA' })).toBe('/b/boardA?view=grid');
		expect(presentedPath({ ...presenting({ view: 'plan', layout: 'timeline' }), boardId: 'boardA' })).toBe('/b/boardA?view=plan&layout=timeline');
		expect(presentedPath({ ...presenting({ view: 'plan', layout: 'table' }), boardId: 'boardA' })).toBe('/b/boardA?view=plan');
	});

	it('knows when the page already shows what is presented', () => {
		const plan = { ...presenting({ view: 'plan', layout: null }), boardId: 'boardA' };
		expect(showsPresented(plan, { boardId: 'boardA', view: 'plan', layout: 'table' })).toBe(true);
		expect(showsPresented(plan, { boardId: 'boardA', view: 'plan', layout: 'board' })).toBe(false);
		expect(showsPresented(plan, { boardId: 'boardB', view: 'plan', layout: 'table' })).toBe(false);
		expect(showsPresented({ ...presenting(), boardId: 'boardA' }, { boardId: 'boardA', view: 'map', layout: 'board' })).toBe(true);
	});
});

describe('zero signal', () => {
	it('fires once per run when the timer reaches zero', () => {
		const signal = new ZeroSignal();
		const timer = running(3000);
		expect(signal.check(timer, SERVER_START + 2999)).toBe(false);
		expect(signal.check(timer, SERVER_START + 3000)).toBe(true);
		expect(signal.check(timer, SERVER_START + 3250)).toBe(false);
		// The same run seen again (a reconnect delivers the same state): still once.
		expect(signal.check({ ...timer }, SERVER_START + 4000)).toBe(false);
	});

	it('fires again for a new run (a new startedAt)', () => {
		const signal = new ZeroSignal();
		expect(signal.check(running(3000), SERVER_START + 3000)).toBe(true);
		const again = running(3000, SERVER_START + 10_000);
		expect(signal.check(again, SERVER_START + 13_000)).toBe(true);
	});

	it('stays quiet for paused, reset and cleared timers', () => {
		const signal = new ZeroSignal();
		const paused: TimerState = { ...running(3000), running: false, endsAt: null, remainingMs: 0 };
		expect(signal.check(paused, SERVER_START + 5000)).toBe(false);
		expect(signal.check(null, SERVER_START + 5000)).toBe(false);
	});

	it('stays quiet on a page opened long after the end', () => {
		const signal = new ZeroSignal();
		expect(signal.check(running(3000), SERVER_START + 3000 + ZERO_SIGNAL_GRACE_MS + 1)).toBe(false);
	});
});

describe('Throttle', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('sends at most once per interval, always the latest value, and the last one in the end', () => {
		vi.useFakeTimers();
		const sent: number[] = [];
		const throttle = new Throttle<number>(50, (value) => sent.push(value));
		throttle.push(1);
		expect(sent).toEqual([1]);
		throttle.push(2);
		throttle.push(3);
		expect(sent).toEqual([1]);
		vi.advanceTimersByTime(50);
		expect(sent).toEqual([1, 3]);
		vi.advanceTimersByTime(200);
		expect(sent).toEqual([1, 3]);
		throttle.push(4);
		expect(sent).toEqual([1, 3, 4]);
	});

	it('sends nothing after cancel', () => {
		vi.useFakeTimers();
		const sent: number[] = [];
		const throttle = new Throttle<number>(50, (value) => sent.push(value));
		throttle.push(1);
		throttle.push(2);
		throttle.cancel();
		vi.advanceTimersByTime(100);
		expect(sent).toEqual([1]);
	});
});
