/**
 * Boards from templates over the real API, in both modes: `POST /api/workshops` with
 * `template: 'example'` starts every group's board with the worked example in the asked language,
 * which a stock y-websocket client receives like any board; leaving it out gives empty boards; a
 * bad value is a 400 that names the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { readActions, readRelations, readStakeholders } from '../../src/lib/board/model.js';
import { HELIXES } from '../../src/lib/board/schema.js';
import { connectStock, joinWorkshop, request } from '../helpers/clients.js';
import { MODES, startBacking, type Backing } from '../helpers/modes.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.each(MODES)('%s mode', (mode) => {
	let backing: Backing;
	let server: TestServer;
	beforeAll(async () => {
		backing = await startBacking(mode);
		server = await startServer({ env: backing.env });
	});
	afterAll(async () => {
		expect(await server.stop()).toBe(0);
		await backing.stop();
	});

	async function create(body: Record<string, unknown>) {
		return request(server, 'POST', '/api/workshops', { title: 'Smart Pekanbaru 2027', groups: 2, ...body });
	}

	it('starts every group board with the worked example in Bahasa Indonesia', async () => {
		const before = Date.now();
		const { status, json } = await create({ groupNames: ['Kelompok 1', 'Kelompok 2'], template: 'example', templateLocale: 'id' });
		expect(status).toBe(201);
		const workshop = json as unknown as CreateWorkshopResponse;
		const participant = await joinWorkshop(server, workshop, 'Rina', 1);

		for (const [group, token] of [[0, workshop.facilitatorToken], [1, participant.participantToken]] as const) {
			const client = await connectStock(server, workshop.boards[group].boardId, token);
			try {
				const stakeholders = readStakeholders(client.doc);
				expect(stakeholders.length).toBeGreaterThanOrEqual(15);
				expect(new Set(stakeholders.map((s) => s.helix))).toEqual(new Set(HELIXES));
				expect(stakeholders.map((s) => s.name)).toEqual(expect.arrayContaining(['Bappeda Kota', 'Diskominfo', 'Karang Taruna', 'Universitas Riau']));
				expect(stakeholders.find((s) => s.name === 'Diskominfo')?.role).toBe('Pengelola portal dan pusat data kota');
				expect(readRelations(client.doc).map((r) => r.label)).toContain('Alokasi APBD');
				const actions = readActions(client.doc);
				expect(actions.map((a) => a.title)).toContain('Meja bantuan digital di 15 kelurahan');
				expect(actions.map((a) => a.indicator)).toContain('Indeks Kepuasan Masyarakat (IKM)');
				for (const a of actions) expect(a.issues).toEqual([]);
				// Dated from the day the workshop was created.
				const today = new Date(before).toISOString().slice(0, 10);
				expect(actions.some((a) => a.start! <= today && a.end! >= today)).toBe(true);
				expect(client.doc.getMap('meta').get('title')).toBe(`Kelompok ${group + 1}`);
			} finally {
				client.close();
			}
		}
	});

	it('gives empty boards by default, and the English example when asked', async () => {
		const empty = (await create({})).json as unknown as CreateWorkshopResponse;
		const english = (await create({ template: 'example' })).json as unknown as CreateWorkshopResponse;
		const bare = await connectStock(server, empty.boards[0].boardId, empty.facilitatorToken);
		const example = await connectStock(server, english.boards[1].boardId, english.facilitatorToken);
		try {
			expect(readStakeholders(bare.doc)).toEqual([]);
			expect(readActions(bare.doc)).toEqual([]);
			expect(bare.doc.getMap('meta').get('title')).toBe('Group 1');
			expect(readStakeholders(example.doc).find((s) => s.name === 'Diskominfo')?.role).toBe('Runs the portal and the city data centre');
			expect(readActions(example.doc).map((a) => a.title)).toContain('Digital help desks in 15 kelurahan');
		} finally {
			bare.close();
			example.close();
		}
	});

	it('answers 400 naming the field for a template or language it does not have', async () => {
		for (const [body, field] of [
			[{ template: 'pentagon' }, 'template'],
			[{ template: 42 }, 'template'],
			[{ template: null }, 'template'],
			[{ template: 'example', templateLocale: 'ko' }, 'templateLocale'],
			[{ templateLocale: ['id'] }, 'templateLocale']
		] as const) {
			const { status, json } = await create(body);
			expect(status, JSON.stringify(body)).toBe(400);
			expect(String(json.error)).toMatch(new RegExp(`^${field}: `));
		}
		expect((await create({ template: 'empty', templateLocale: 'id' })).status).toBe(201);
	});
});
