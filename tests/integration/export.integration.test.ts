/**
 * The action plan as CSV over HTTP (`GET /api/boards/<id>/export?format=csv`), in both modes: an
 * app client builds a plan on a mixed-country board, the server answers planCsv of its doc, and
 * every cell is checked after parsing the bytes back, against values written out here by hand.
 */
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import { addAction, addProgressUpdate, addStakeholder, collection, updateAction } from '../../src/lib/board/model.js';
import { connectSocket, createWorkshop, joinWorkshop, request, type SocketClient } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

const HEADER = [
	'Action', 'Description', 'Owner', 'Owner helix', 'Partners', 'Start', 'End', 'Indicator', 'Target', 'Budget',
	'Currency', 'Status', 'Progress (%)', 'Last update', 'What was done', 'What blocks us'
];

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);
	const open: SocketClient[] = [];
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});

	async function workshopNamed(groupNames: string[]): Promise<CreateWorkshopResponse> {
		const { status, json } = await request(server, 'POST', '/api/workshops', { title: 'Smart governance 2027', groups: groupNames.length, groupNames });
		expect(status).toBe(201);
		return json as unknown as CreateWorkshopResponse;
	}

	async function fetchCsv(boardId: string, token?: string) {
		const response = await fetch(`${server.url}/api/boards/${boardId}/export?format=csv`, {
			headers: token ? { authorization: `Bearer ${token}` } : {}
		});
		return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
	}

	/** A plan across the helixes of a Kazakh–Mongolian–Korean–Indonesian group, built in the app client. */
	function buildPlan(doc: Y.Doc) {
		const s = {
			akimat: addStakeholder(doc, { name: 'Қызылорда облысы әкімдігі', helix: 'government' }),
			khural: addStakeholder(doc, { name: 'Өмнөговь аймгийн Иргэдийн Төлөөлөгчдийн Хурал', helix: 'government' }),
			kt: addStakeholder(doc, { name: '케이티 (KT) 스마트시티 사업단', helix: 'business' }),
			telkom: addStakeholder(doc, { name: 'Telkom Indonesia', helix: 'business' }),
			nu: addStakeholder(doc, { name: 'Назарбаев Университеті', helix: 'academia' }),
			ugm: addStakeholder(doc, { name: 'Universitas Gadjah Mada', helix: 'academia' }),
			youth: addStakeholder(doc, { name: 'Залуучуудын холбоо — Үүрийн туяа', helix: 'community' }),
			karang: addStakeholder(doc, { name: 'Karang Taruna "Maju Jaya", Kel. Sukajadi', helix: 'community' }),
			radio: addStakeholder(doc, { name: '부산 MBC 라디오', helix: 'media' })
		};
		const kiosk = addAction(doc, { title: 'Smart kiosk pilot, 3 kelurahan', owner: s.telkom, partners: [s.akimat, s.kt, s.karang] });
		const dashboard = addAction(doc, { title: '=HYPERLINK("http://evil.example","open")', owner: s.khural, partners: [s.nu, s.youth] });
		const literacy = addAction(doc, { title: 'Цифрлық сауаттылық / 디지털 문해력 on air', owner: s.radio, partners: [s.ugm] });
		const unowned = addAction(doc, { title: 'Open data portal' });

		updateAction(doc, kiosk, {
			start: '2027-02-01', end: '2027-06-30', indicator: 'Kiosks in use', target: '12 kiosks, 2,000 users/month',
			budget: 150_000_000, currency: 'IDR'
		});
		const description = (collection(doc, 'actions').get(kiosk) as Y.Map<unknown>).get('description') as Y.Text;
		description.insert(0, 'Line one; "quoted"\nLine two, with comma');
		addProgressUpdate(doc, kiosk, { date: '2027-03-15', progress: 40, status: 'in_progress', done: 'Two kiosks installed', blockers: 'Permit from kecamatan', author: 'Rina' });

		updateAction(doc, dashboard, { start: '2027-01-10', end: '2027-12-20', budget: 'about 5 million', currency: 'MNT', indicator: 'Өргөдөл шийдвэрлэх хугацаа', target: '-30%' });
		addProgressUpdate(doc, dashboard, { date: '2027-02-01', progress: 10, status: 'in_progress', done: 'Requirements', blockers: '', author: 'Bolormaa' });
		addProgressUpdate(doc, dashboard, { date: '2027-04-01', progress: 100, status: 'done', done: 'Launched 대시보드', blockers: '', author: 'Bolormaa' });

		updateAction(doc, literacy, { start: '2027-03-01', end: '2027-02-01', budget: 25_000_000, currency: 'KRW', status: 'blocked', progress: 5 });
		return { s, actions: { kiosk, dashboard, literacy, unowned } };
	}

	it('exports the action plan as CSV: BOM, CRLF, every cell as typed, formulae escaped', async () => {
		const workshop = await workshopNamed(['Қызылорда-Өмнөговь тобы', 'Kelompok 2']);
		const board = workshop.boards[0].boardId;
		const participant = await joinWorkshop(server, workshop, 'Әйгерім', 0);
		const writer = await connectSocket(server, board, participant.participantToken);
		open.push(writer);
		buildPlan(writer.doc);
		await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0));

		const csv = await fetchCsv(board, participant.participantToken);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const disposition = csv.headers.get('content-disposition')!;
		expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+-plan\.csv"; /);
		expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Қызылорда-Өмнөговь тобы-plan.csv')}`);
		expect(Number(csv.headers.get('content-length'))).toBe(csv.bytes.byteLength);
		expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(csv.bytes);
		expect(text.startsWith('\ufeff')).toBe(true);
		// Records end in CRLF; the only bare LF is the one inside the quoted description.
		expect(text.replace(/\r\n/g, '').split('\n')).toHaveLength(2);
		const parsed = Papa.parse<string[]>(text.slice(1), { newline: '\r\n' });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data).toEqual([
			HEADER,
			[
				'Smart kiosk pilot, 3 kelurahan',
				'Line one; "quoted"\nLine two, with comma',
				'Telkom Indonesia',
				'Business',
				'Қызылорда облысы әкімдігі (Government); 케이티 (KT) 스마트시티 사업단 (Business); Karang Taruna "Maju Jaya", Kel. Sukajadi (Community)',
				'2027-02-01',
				'2027-06-30',
				'Kiosks in use',
				'12 kiosks, 2,000 users/month',
				'150000000',
				'IDR',
				'In progress',
				'40',
				'2027-03-15',
				'Two kiosks installed',
				'Permit from kecamatan'
			],
			[
				// Would run as a formula in a spreadsheet: escaped with a leading quote.
				`'=HYPERLINK("http://evil.example","open")`,
				'',
				'Өмнөговь аймгийн Иргэдийн Төлөөлөгчдийн Хурал',
				'Government',
				'Назарбаев Университеті (Academia); Залуучуудын холбоо — Үүрийн туяа (Community)',
				'2027-01-10',
				'2027-12-20',
				'Өргөдөл шийдвэрлэх хугацаа',
				"'-30%",
				// Not a number: exported as typed.
				'about 5 million',
				'MNT',
				'Done',
				'100',
				'2027-04-01',
				'Launched 대시보드',
				''
			],
			[
				'Цифрлық сауаттылық / 디지털 문해력 on air',
				'',
				'부산 MBC 라디오',
				'Media',
				'Universitas Gadjah Mada (Academia)',
				'2027-03-01',
				// End before start is a plan issue, not a reason to change the value.
				'2027-02-01',
				'',
				'',
				'25000000',
				'KRW',
				'Blocked',
				'5',
				'',
				'',
				''
			],
			['Open data portal', '', '', '', '', '', '', '', '', '', 'IDR', 'Planned', '0', '', '', '']
		]);
		// The stakeholders' own letters survived the round trip through the server byte for byte.
		for (const word of ['әкімдігі', 'Өмнөговь', 'Үүрийн', 'Университеті', '스마트시티', 'Sukajadi']) expect(text).toContain(word);
	});

	it('exports an empty plan as the header row alone', async () => {
		const workshop = await createWorkshop(server);
		const csv = await fetchCsv(workshop.boards[1].boardId, workshop.facilitatorToken);
		expect(csv.status).toBe(200);
		const text = new TextDecoder().decode(csv.bytes); // drops the BOM
		expect(Papa.parse<string[]>(text, { newline: '\r\n' }).data).toEqual([HEADER]);
		expect(csv.headers.get('content-disposition')).toContain(`filename*=UTF-8''Group%202-plan.csv`);
	});

	it('answers 401 without a valid token, 403 for another workshop, 400 naming the supported formats for others', async () => {
		const mine = await createWorkshop(server);
		const other = await createWorkshop(server);
		const board = mine.boards[0].boardId;
		const path = `/api/boards/${board}/export?format=csv`;
		expect((await request(server, 'GET', path)).status).toBe(401);
		expect((await request(server, 'GET', path, undefined, 'v1.x.y')).status).toBe(401);
		const foreign = await request(server, 'GET', path, undefined, other.facilitatorToken);
		expect(foreign.status).toBe(403);
		expect(foreign.json.error).toBeTruthy();
		const otherParticipant = await joinWorkshop(server, other, 'Dewi');
		expect((await request(server, 'GET', path, undefined, otherParticipant.participantToken)).status).toBe(403);
		// A participant of another group of the same workshop reads it only during the gallery walk (issue 6).
		const neighbour = await joinWorkshop(server, mine, 'Bat-Erdene', 1);
		expect((await fetchCsv(board, neighbour.participantToken)).status).toBe(403);
		await request(server, 'POST', `/api/workshops/${mine.workshopId}/gallery`, { open: true }, mine.facilitatorToken);
		expect((await fetchCsv(board, neighbour.participantToken)).status).toBe(200);

		for (const format of ['pdf', 'CSV', '']) {
			const refused = await request(server, 'GET', `/api/boards/${board}/export?format=${format}`, undefined, mine.facilitatorToken);
			expect(refused.status, format).toBe(400);
			expect(refused.json.error, format).toMatch(/unsupported export format .*supported: json, csv, xlsx, svg, png$/);
		}
		const long = await request(server, 'GET', `/api/boards/${board}/export?format=${'x'.repeat(5000)}`, undefined, mine.facilitatorToken);
		expect(long.status).toBe(400);
		expect((long.json.error as string).length).toBeLessThan(200);
		// json stays what it was.
		const json = await request(server, 'GET', `/api/boards/${board}/export?format=json`, undefined, mine.facilitatorToken);
		expect(json.status).toBe(200);
		expect(json.json.format).toBe('helixboard-board');
	});
});
