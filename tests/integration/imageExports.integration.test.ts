/**
 * The map and grid images and the PDF workshop report over HTTP, in both modes, on a real server
 * with boards filled by the app's own sync client: labels in the asked language, free text as
 * written (and escaped), real PNG and PDF files (the PDF's text read back with poppler's
 * pdftotext: Hangul and Kazakh letters present, its fonts embedded), the snapshot each report
 * section was made from stored on the board, the progress stream, and every refusal.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { CreateWorkshopResponse } from '../../src/lib/api/types.js';
import type { ReportStreamLine } from '../../src/lib/api/exports.js';
import { addAction, addRelation, addStakeholder } from '../../src/lib/board/model.js';
import { connectSocket, joinWorkshop, request, type SocketClient } from '../helpers/clients.js';
import { MODES } from '../helpers/modes.js';
import { serverInMode } from '../helpers/server.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(bytes: Uint8Array): { width: number; height: number } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Runs a poppler tool on PDF bytes (a temporary file) and returns what it prints. */
function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', pdf: Uint8Array, args: string[] = []): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-pdf-'));
	try {
		const file = path.join(dir, 'report.pdf');
		fs.writeFileSync(file, pdf);
		return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function fill(doc: Y.Doc) {
	const akimat = addStakeholder(doc, { name: 'Қызылорда облысы әкімдігі', helix: 'government', organization: 'Әкімдік', power: 90, interest: 70, x: -100, y: -420 });
	const kt = addStakeholder(doc, { name: '케이티 스마트시티 사업단', helix: 'business', power: 60, interest: 80, x: 300, y: -150 });
	const youth = addStakeholder(doc, { name: 'Залуучуудын холбоо', helix: 'community', power: 20, interest: 90, x: -300, y: 250, attitude: 'skeptic' });
	addStakeholder(doc, { name: '<script>alert(1)</script> & "Radio"', helix: 'media', power: 30, interest: 30, x: -420, y: -100 });
	addRelation(doc, { from: akimat, to: kt, kind: 'funding', label: 'Грант 2027' });
	addRelation(doc, { from: youth, to: akimat, kind: 'conflict', label: '' });
	addAction(doc, { title: 'Цифрлық сауаттылық / 디지털 문해력', owner: kt, partners: [akimat, youth] });
	return { akimat, kt, youth };
}

describe.each(MODES)('%s mode', (mode) => {
	const server = serverInMode(mode);
	let workshop: CreateWorkshopResponse;
	let participantToken: string;
	let ids: ReturnType<typeof fill>;
	const open: SocketClient[] = [];

	beforeAll(async () => {
		const created = await request(server, 'POST', '/api/workshops', { title: 'Smart governance 2027 — 스마트 거버넌스', groups: 2, groupNames: ['Топ 1 — Қызылорда', '그룹 2'] });
		expect(created.status).toBe(201);
		workshop = created.json as unknown as CreateWorkshopResponse;
		const participant = await joinWorkshop(server, workshop, 'Әйгерім', 0);
		participantToken = participant.participantToken;
		const writer = await connectSocket(server, workshop.boards[0].boardId, participantToken);
		open.push(writer);
		ids = fill(writer.doc);
		await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0));
	});
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});

	async function get(boardId: string, query: string, token: string | null = participantToken) {
		const response = await fetch(`${server.url}/api/boards/${boardId}/export?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
		return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
	}

	it('draws the map as SVG in the asked language, with the legend, free text as written and escaped', async () => {
		const board = workshop.boards[0].boardId;
		const kk = await get(board, 'format=svg&view=map&lang=kk');
		expect(kk.status).toBe(200);
		expect(kk.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
		// The file is named after the board (characters a file name may not hold left out).
		expect(kk.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Топ 1  Қызылорда-map.svg')}`);
		const svg = new TextDecoder().decode(kk.bytes);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		// Helix and relation kinds in Kazakh (sectors, legend), the names as typed (long ones wrap on their card).
		for (const word of ['Мемлекет', 'Бизнес', 'Қаржыландыру', 'Қақтығыс', 'Шартты белгілер', 'Ғылым (0)', '>Қызылорда облысы<', '>әкімдігі<', '케이티 스마트시티 사업단', 'Грант 2027']) {
			expect(svg).toContain(word);
		}
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('>&lt;script&gt;alert(1)&lt;/scrip<');
		expect(svg).toContain('>t&gt; &amp; &quot;Radio&quot;<');
		expect(svg).toContain('marker-end="url(#hb-marker-funding)"');

		const ko = new TextDecoder().decode((await get(board, 'format=svg&view=map&lang=ko')).bytes);
		expect(ko).toContain('정부');
		expect(ko).toContain('재정 지원');
		expect(ko).not.toContain('Мемлекет');
	});

	it('draws the grid with the chosen quadrant names, and both images as PNG', async () => {
		const board = workshop.boards[0].boardId;
		const mendelow = new TextDecoder().decode((await get(board, 'format=svg&view=grid&lang=en')).bytes);
		expect(mendelow).toContain('Manage closely');
		expect(mendelow).toContain('Interest →');
		const course = new TextDecoder().decode((await get(board, 'format=svg&view=grid&lang=id&labels=course')).bytes);
		expect(course).toContain('Promoters');
		expect(course).not.toContain('Manage closely');

		for (const view of ['map', 'grid']) {
			const png = await get(board, `format=png&view=${view}&lang=mn`);
			expect(png.status).toBe(200);
			expect(png.headers.get('content-type')).toBe('image/png');
			expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
			// Drawn at twice the SVG's size.
			const svg = new TextDecoder().decode((await get(board, `format=svg&view=${view}&lang=mn`)).bytes);
			const width = Number(/width="(\d+)"/.exec(svg)![1]);
			expect(pngSize(png.bytes).width).toBe(width * 2);
		}
	});

	it('refuses bad parameters and readers without access, with a clear message', async () => {
		const board = workshop.boards[0].boardId;
		expect(await get(board, 'format=png&view=timeline')).toMatchObject({ status: 400 });
		const badView = await get(board, 'format=svg&view=timeline');
		expect(JSON.parse(new TextDecoder().decode(badView.bytes))).toEqual({ error: 'view must be one of: map, grid' });
		const badLabels = await get(board, 'format=svg&view=grid&labels=mine');
		expect(JSON.parse(new TextDecoder().decode(badLabels.bytes))).toEqual({ error: 'labels must be one of: mendelow, course' });
		const badLang = await get(board, 'format=png&lang=fr');
		expect(badLang.status).toBe(400);
		expect(new TextDecoder().decode(badLang.bytes)).toContain('unsupported language \\"fr\\"');
		expect((await get(board, 'format=png', null)).status).toBe(401);
		// A participant of group 1 does not read group 2's board (no gallery walk).
		expect((await get(workshop.boards[1].boardId, 'format=png', participantToken)).status).toBe(403);
	});

	it('builds the PDF report from a snapshot of every group, in the asked language, with the fonts embedded', async () => {
		// A revealed dot vote: the report lists its results.
		const vote = (body: unknown) => request(server, 'POST', `/api/workshops/${workshop.workshopId}/vote`, body, workshop.facilitatorToken);
		expect((await vote({ action: 'open', dots: 3 })).status).toBe(200);
		const cast = await request(server, 'POST', `/api/boards/${workshop.boards[0].boardId}/votes`, { targetId: ids.kt, count: 2 }, participantToken);
		expect(cast.status).toBe(200);
		expect((await vote({ action: 'reveal' })).status).toBe(200);

		const response = await fetch(`${server.url}/api/workshops/${workshop.workshopId}/report`, {
			method: 'POST',
			headers: { authorization: `Bearer ${workshop.facilitatorToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ lang: 'ko', author: '김 퍼실리테이터' })
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const pdf = new Uint8Array(await response.arrayBuffer());
		expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');

		// -raw: the text in the order it was written, so a table cell's words stay together.
		const text = poppler('pdftotext', pdf, ['-raw']);
		const flat = text.replace(/\s+/g, ' ');
		// (Table cells wrap: words, not whole cells, are looked for there.)
		for (const words of ['워크숍 보고서', 'Smart governance 2027 — 스마트 거버넌스', 'Топ 1 — Қызылорда', '그룹 2', '실행 계획', 'Цифрлық сауаттылық', 'Қызылорда облысы әкімдігі (정부)', '케이티 스마트시티 사업단']) {
			expect(flat).toContain(words);
		}
		// Vote results: rank, the item, its kind, its dots; group 2 had none.
		expect(flat).toMatch(/투표 결과 # 항목 종류 스티커 1 케이티 스마트시티 사업단 이해관계자 2/);
		expect(flat).toContain('이 보드에는 투표 결과가 없습니다.');
		const info = poppler('pdfinfo', pdf);
		// A cover, then map, grid and plan pages for each of the two groups.
		expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(7);
		const fonts = poppler('pdffonts', pdf);
		expect(fonts).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
		expect(fonts).toMatch(/NotoSansKR-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);

		// Each group's section names the snapshot it was made from; the board keeps it.
		for (const board of workshop.boards) {
			const listed = await request(server, 'GET', `/api/boards/${board.boardId}/snapshots`, undefined, workshop.facilitatorToken);
			const snapshots = (listed.json as unknown as { snapshots: { name: string; createdBy: string }[] }).snapshots;
			expect(snapshots).toHaveLength(1);
			expect(snapshots[0].name).toMatch(/^워크숍 보고서 /);
			expect(snapshots[0].createdBy).toBe('김 퍼실리테이터');
			expect(text).toContain(snapshots[0].name.slice(0, 8));
		}
	});

	it('streams the progress of the report, one line per group, then the PDF', async () => {
		const response = await fetch(`${server.url}/api/workshops/${workshop.workshopId}/report`, {
			method: 'POST',
			headers: { authorization: `Bearer ${workshop.facilitatorToken}`, 'content-type': 'application/json', accept: 'application/x-ndjson' },
			body: JSON.stringify({ lang: 'kk' })
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
		const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as ReportStreamLine);
		const progress = lines.filter((line) => line.type === 'progress');
		expect(progress.map((line) => line.type === 'progress' && [line.done, line.total, line.group])).toEqual([
			[0, 3, 'Топ 1 — Қызылорда'],
			[1, 3, '그룹 2'],
			[2, 3, null],
			[3, 3, null]
		]);
		const last = lines.at(-1)!;
		expect(last.type).toBe('report');
		if (last.type !== 'report') return;
		expect(last.filename).toMatch(/-report\.pdf$/);
		const pdf = Buffer.from(last.pdf, 'base64');
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(poppler('pdftotext', pdf).replace(/\s+/g, ' ')).toContain('Семинар есебі');
	});

	it('reuses a board\'s newest snapshot when nothing changed since, and takes a new one after a change', async () => {
		const snapshotsOf = async (boardId: string) =>
			((await request(server, 'GET', `/api/boards/${boardId}/snapshots`, undefined, workshop.facilitatorToken)).json as unknown as { snapshots: { name: string }[] }).snapshots;
		const build = () => request(server, 'POST', `/api/workshops/${workshop.workshopId}/report`, { lang: 'en' }, workshop.facilitatorToken);
		const before = await Promise.all(workshop.boards.map((b) => snapshotsOf(b.boardId)));
		expect((await build()).status).toBe(200);
		expect(await Promise.all(workshop.boards.map((b) => snapshotsOf(b.boardId)))).toEqual(before);

		const writer = await connectSocket(server, workshop.boards[1].boardId, workshop.facilitatorToken);
		open.push(writer);
		addStakeholder(writer.doc, { name: 'Universitas Riau', helix: 'academia' });
		await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0));
		expect((await build()).status).toBe(200);
		expect(await snapshotsOf(workshop.boards[0].boardId)).toEqual(before[0]);
		const changed = await snapshotsOf(workshop.boards[1].boardId);
		expect(changed).toHaveLength(before[1].length + 1);
		expect(changed[0].name).toMatch(/^Workshop report /);
	});

	it('lets only the facilitator build the report, and refuses a bad request before building', async () => {
		const url = `/api/workshops/${workshop.workshopId}/report`;
		expect((await request(server, 'POST', url, { lang: 'ko' }, participantToken)).status).toBe(403);
		expect((await request(server, 'POST', url, { lang: 'ko' })).status).toBe(401);
		const badLang = await request(server, 'POST', url, { lang: 'fr' }, workshop.facilitatorToken);
		expect(badLang.status).toBe(400);
		expect((badLang.json as { error: string }).error).toMatch(/^lang: /);
		expect((await request(server, 'POST', url, '{not json', workshop.facilitatorToken)).status).toBe(400);
	});
});
