/** The HTTP API contract, including what it answers to bad input. */
import { describe, expect, it } from 'vitest';
import { isJoinCode } from '../../src/lib/board/ids.js';
import { createWorkshop, joinWorkshop, request } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);

	describe('workshops and joining', () => {
		it('creates a workshop with N group boards and a join code without ambiguous letters', async () => {
			const created = await request(server, 'POST', '/api/workshops', { title: '  Smart Governance Incheon 2024 ', groups: 3 });
			expect(created.status).toBe(201);
			const body = created.json as { title: string; joinCode: string; boards: { name: string }[]; facilitatorToken: string; workshopId: string };
			expect(body.title).toBe('Smart Governance Incheon 2024');
			expect(isJoinCode(body.joinCode)).toBe(true);
			expect(body.joinCode).not.toMatch(/[01OIL]/);
			expect(body.boards.map((b) => b.name)).toEqual(['Group 1', 'Group 2', 'Group 3']);
			expect(body.facilitatorToken).toMatch(/^v1\./);

			// Join info works with any case and spacing people type.
			const code = body.joinCode.toLowerCase().replace(/^(...)/, '$1 ');
			const info = await request(server, 'GET', `/api/join/${encodeURIComponent(code)}`);
			expect(info).toMatchObject({ status: 200, json: { workshopId: body.workshopId, title: body.title, boards: body.boards } });
			expect(info.json).not.toHaveProperty('facilitatorToken');
		});

		it('takes group names in the facilitator’s language', async () => {
			const names = ['Kelompok 1', 'Kelompok 2'];
			const created = await request(server, 'POST', '/api/workshops', { title: 'Pelatihan', groups: 2, groupNames: names });
			expect((created.json.boards as { name: string }[]).map((b) => b.name)).toEqual(names);
			const mismatch = await request(server, 'POST', '/api/workshops', { title: 'x', groups: 3, groupNames: names });
			expect(mismatch.status).toBe(400);
			expect(mismatch.json.error).toMatch(/one name per group/);
		});

		it('joins a participant to a group and exports the board as JSON for members only', async () => {
			const workshop = await createWorkshop(server, 2);
			const joined = await joinWorkshop(server, workshop, 'Баярмаа', 1);
			expect(joined).toMatchObject({ workshopId: workshop.workshopId, boardId: workshop.boards[1].boardId });
			const exported = await request(server, 'GET', `/api/boards/${joined.boardId}/export?format=json`, undefined, joined.participantToken);
			expect(exported.status).toBe(200);
			expect(exported.headers.get('content-disposition')).toContain("filename*=UTF-8''Group%202.helixboard.json");
			expect(exported.json).toMatchObject({
				format: 'helixboard-board',
				version: 1,
				board: { meta: { schema: 1, title: 'Group 2', locked: false }, stakeholders: {}, notes: {} }
			});
			const csv = await request(server, 'GET', `/api/boards/${joined.boardId}/export?format=xml`, undefined, joined.participantToken);
			expect(csv.status).toBe(400);
			expect(csv.json.error).toMatch(/unsupported export format/);
		});

		it('answers /healthz', async () => {
			expect(await request(server, 'GET', '/healthz')).toMatchObject({ status: 200, json: { ok: true } });
		});
	});

	describe('bad input gets a 4xx JSON error and changes nothing', () => {
		const badBodies = ['{', 'not json', '', '[]', 'null', '"text"', '{"title": 5}'];

		it('every route with a body refuses malformed JSON with 400', async () => {
			const workshop = await createWorkshop(server);
			const board = workshop.boards[0].boardId;
			const routes = [
				{ path: '/api/workshops', token: undefined },
				{ path: '/api/join', token: undefined },
				{ path: `/api/boards/${board}/lock`, token: workshop.facilitatorToken }
			];
			for (const route of routes) {
				for (const body of badBodies) {
					const response = await request(server, 'POST', route.path, body, route.token);
					expect(response.status, `${route.path} with ${JSON.stringify(body)}`).toBe(400);
					expect(typeof response.json?.error, `${route.path} with ${JSON.stringify(body)}`).toBe('string');
				}
			}
		});

		it('refuses invalid fields with a message naming the field', async () => {
			const cases: Array<[unknown, RegExp]> = [
				[{ title: '', groups: 2 }, /title/],
				[{ title: 'x', groups: 0 }, /groups/],
				[{ title: 'x', groups: 21 }, /groups/],
				[{ title: 'x', groups: 2.5 }, /groups/],
				[{ title: 'x'.repeat(201), groups: 2 }, /title/],
				[{ title: 'x' }, /groups/]
			];
			for (const [body, message] of cases) {
				const response = await request(server, 'POST', '/api/workshops', body);
				expect(response.status, JSON.stringify(body)).toBe(400);
				expect(response.json.error).toMatch(message);
			}
			const workshop = await createWorkshop(server);
			const join = (body: unknown) => request(server, 'POST', '/api/join', body);
			expect((await join({ joinCode: workshop.joinCode, name: '', boardId: workshop.boards[0].boardId })).status).toBe(400);
			expect((await join({ joinCode: workshop.joinCode, name: 'A', boardId: 'other-board-id' })).status).toBe(400);
			expect((await join({ joinCode: 'ZZZZZZ', name: 'A', boardId: workshop.boards[0].boardId })).status).toBe(404);
			const lock = await request(server, 'POST', `/api/boards/${workshop.boards[0].boardId}/lock`, { locked: 'yes' }, workshop.facilitatorToken);
			expect(lock.status).toBe(400);
			expect(lock.json.error).toMatch(/locked/);
		});

		it('refuses oversized bodies with 413, unknown routes with 404 and wrong methods with 405', async () => {
			const huge = JSON.stringify({ title: 'x'.repeat(100_000), groups: 2 });
			const tooLarge = await request(server, 'POST', '/api/workshops', huge);
			expect(tooLarge.status).toBe(413);
			expect(tooLarge.json.error).toMatch(/larger than/);
			expect((await request(server, 'GET', '/api/nothing-here')).status).toBe(404);
			expect((await request(server, 'GET', '/api/workshops')).status).toBe(405);
			expect((await request(server, 'GET', '/api/join/%E0%A4%A')).status).toBe(400);
		});
	});
});
