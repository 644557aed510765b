/**
 * `GET /api/workshops/<workshopId>` in both modes: a facilitator token reads its workshop's title,
 * join code and boards (what a co-facilitator link saves on another device); no or a bad token is
 * 401, a participant's token or another workshop's facilitator token is 403; the answer never
 * carries a token.
 */
import { describe, expect, it } from 'vitest';
import { createWorkshop, joinWorkshop, request } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);

	it('answers the facilitator with title, join code and boards in order', async () => {
		const workshop = await createWorkshop(server, 3, 'Pentahelix Kota Batam');
		const { status, json, text } = await request(server, 'GET', `/api/workshops/${workshop.workshopId}`, undefined, workshop.facilitatorToken);
		expect(status).toBe(200);
		// Issue 6 added each board's lock, the removed boards and the live state.
		expect(json).toEqual({
			workshopId: workshop.workshopId,
			title: 'Pentahelix Kota Batam',
			joinCode: workshop.joinCode,
			boards: workshop.boards.map((board) => ({ ...board, locked: false })),
			removedBoards: [],
			state: { timer: null, present: null, gallery: { open: false }, vote: null, archived: false }
		});
		expect(text).not.toContain(workshop.facilitatorToken);
	});

	it('refuses no token and a bad token with 401', async () => {
		const workshop = await createWorkshop(server);
		const path = `/api/workshops/${workshop.workshopId}`;
		expect((await request(server, 'GET', path)).status).toBe(401);
		expect((await request(server, 'GET', path, undefined, 'v1.bogus.token')).status).toBe(401);
		// A genuine token with one character of its signature changed.
		const forged = workshop.facilitatorToken.slice(0, -1) + (workshop.facilitatorToken.endsWith('A') ? 'B' : 'A');
		const refused = await request(server, 'GET', path, undefined, forged);
		expect(refused.status).toBe(401);
		expect(refused.json).toEqual({ error: expect.any(String) });
	});

	it("refuses a participant's token and another workshop's facilitator token with 403", async () => {
		const workshop = await createWorkshop(server);
		const other = await createWorkshop(server);
		const joined = await joinWorkshop(server, workshop, 'Bolormaa');
		const path = `/api/workshops/${workshop.workshopId}`;
		const asParticipant = await request(server, 'GET', path, undefined, joined.participantToken);
		expect(asParticipant.status).toBe(403);
		expect(asParticipant.text).not.toContain(workshop.joinCode);
		const asOther = await request(server, 'GET', path, undefined, other.facilitatorToken);
		expect(asOther.status).toBe(403);
		expect(asOther.text).not.toContain(workshop.joinCode);
	});

	it('answers odd ids with JSON errors, never a crash', async () => {
		const workshop = await createWorkshop(server);
		// Another id with the workshop's own token: 403 (the token names its workshop).
		expect((await request(server, 'GET', '/api/workshops/NoSuchWorkshop123', undefined, workshop.facilitatorToken)).status).toBe(403);
		expect((await request(server, 'GET', '/api/workshops/bad%2Fid', undefined, workshop.facilitatorToken)).status).toBe(404);
		expect((await request(server, 'POST', `/api/workshops/${workshop.workshopId}`, {}, workshop.facilitatorToken)).status).toBe(405);
	});
});
