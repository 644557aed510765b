/** Join links, co-facilitator links and which saved session a join link continues with. */
import { describe, expect, it } from 'vitest';
import { cofacilitateLink, invitePath, joinLink, retryAfterSeconds, tokenFromFragment } from '../../src/lib/components/join/links.js';
import { facilitatorSessionFor, participantSessionFor, type SavedSession } from '../../src/lib/sessions.js';

const TOKEN = 'v1.eyJraW5kIjoiZmFjaWxpdGF0b3IifQ.abc-DEF_123';

describe('join link', () => {
	it('is /j/<code> on the origin, the code normalised as people type it', () => {
		expect(joinLink('http://10.0.0.5:3000', 'K7M2QX')).toBe('http://10.0.0.5:3000/j/K7M2QX');
		expect(joinLink('https://board.example/', 'k7m-2qx')).toBe('https://board.example/j/K7M2QX');
		expect(joinLink('https://board.example', ' k7m 2qx ')).toBe('https://board.example/j/K7M2QX');
	});

	it('has an invite screen path per workshop', () => {
		expect(invitePath('AbC_def-1234567')).toBe('/w/AbC_def-1234567/invite');
	});
});

describe('co-facilitator link', () => {
	it('carries the token in the fragment only', () => {
		const link = cofacilitateLink('https://board.example', 'Workshop_123456', TOKEN);
		const url = new URL(link);
		expect(url.pathname).toBe('/w/Workshop_123456/cofacilitate');
		expect(url.search).toBe('');
		expect(url.pathname).not.toContain(TOKEN);
		expect(tokenFromFragment(url.hash)).toBe(TOKEN);
	});

	it('reads a token with or without "#", percent-encoded or not', () => {
		expect(tokenFromFragment(`#${TOKEN}`)).toBe(TOKEN);
		expect(tokenFromFragment(TOKEN)).toBe(TOKEN);
		expect(tokenFromFragment(`#${encodeURIComponent(TOKEN)}`)).toBe(TOKEN);
	});

	it('refuses empty, truncated and broken fragments', () => {
		expect(tokenFromFragment('')).toBeNull();
		expect(tokenFromFragment('#')).toBeNull();
		expect(tokenFromFragment('#v1.onlytwo')).toBeNull();
		expect(tokenFromFragment('#v1.a.b<script>')).toBeNull();
		expect(tokenFromFragment('#%E0%A4%A')).toBeNull();
		expect(tokenFromFragment(`#v1.${'a'.repeat(3000)}.b`)).toBeNull();
	});
});

describe('Retry-After', () => {
	it('reads delta-seconds and ignores anything else', () => {
		expect(retryAfterSeconds('42')).toBe(42);
		expect(retryAfterSeconds(' 7 ')).toBe(7);
		expect(retryAfterSeconds('0')).toBe(1);
		expect(retryAfterSeconds(null)).toBeNull();
		expect(retryAfterSeconds('Wed, 21 Oct 2026 07:28:00 GMT')).toBeNull();
		expect(retryAfterSeconds('-3')).toBeNull();
	});
});

describe('continuing on a join link', () => {
	const boards = [
		{ boardId: 'board-one-1234', name: 'Group 1' },
		{ boardId: 'board-two-1234', name: 'Group 2' }
	];
	const session = (over: Partial<SavedSession>): SavedSession => ({
		workshopId: 'ws-1',
		title: 'Smart Kota',
		role: 'participant',
		token: 't',
		name: 'Minho',
		boardId: 'board-two-1234',
		joinCode: 'K7M2QX',
		boards,
		savedAt: 1,
		...over
	});

	it("offers this device's participant session for the workshop", () => {
		const mine = session({});
		expect(participantSessionFor([session({ workshopId: 'ws-2' }), mine], 'ws-1', boards)).toBe(mine);
	});

	it('never continues as a facilitator, in another workshop, or in a group that is gone', () => {
		expect(participantSessionFor([session({ role: 'facilitator', boardId: null })], 'ws-1', boards)).toBeNull();
		expect(participantSessionFor([session({ workshopId: 'ws-2' })], 'ws-1', boards)).toBeNull();
		expect(participantSessionFor([session({ boardId: 'deleted-board-1' })], 'ws-1', boards)).toBeNull();
		expect(participantSessionFor([session({ boardId: null })], 'ws-1', boards)).toBeNull();
		expect(participantSessionFor([], 'ws-1', boards)).toBeNull();
	});

	it("finds the facilitator's session of a workshop", () => {
		const facilitator = session({ role: 'facilitator', boardId: null, name: 'Ayu' });
		expect(facilitatorSessionFor([session({}), facilitator], 'ws-1')).toBe(facilitator);
		expect(facilitatorSessionFor([session({})], 'ws-1')).toBeNull();
	});
});
