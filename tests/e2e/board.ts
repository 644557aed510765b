/**
 * Shortcuts for e2e tests of the stakeholder views: a workshop with people at their browsers, a
 * stock Yjs client that seeds or reads the board as a third-party tool would, and map geometry.
 */
import { expect, type APIRequestContext, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { CreateWorkshopResponse, JoinResponse } from '../../src/lib/api/types.js';
import type { Helix } from '../../src/lib/board/schema.js';
import { sectorPoint } from '../../src/lib/board/sectors.js';
import type { SavedSession } from '../../src/lib/sessions.js';
import type { BoardView } from '../../src/lib/components/board/views.js';
import { openBoard, remember } from './sessions.js';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export type Fields = Record<string, unknown>;
export type View = BoardView;

/** A stock y-websocket client on the board: seeds stakeholders and reads back what the pages wrote. */
export async function rawClient(testInfo: TestInfo, boardId: string, token: string) {
	const doc = new Y.Doc();
	const wsUrl = `${testInfo.project.use.baseURL!.replace(/^http/, 'ws')}/yjs`;
	const provider = new WebsocketProvider(wsUrl, boardId, doc, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	const stakeholders = doc.getMap<Y.Map<unknown>>('stakeholders');
	return {
		doc,
		/** Writes stakeholders as the format says (DESIGN.md), with any foreign values the test wants. */
		add(entries: Record<string, Fields>) {
			doc.transact(() => {
				for (const [id, fields] of Object.entries(entries)) {
					const item = new Y.Map<unknown>();
					const full: Fields = { name: id, helix: 'government', organization: '', role: '', power: 50, interest: 50, attitude: 'neutral', x: 0, y: 0, ...fields };
					for (const [key, value] of Object.entries(full)) if (key !== 'notes') item.set(key, value);
					item.set('notes', new Y.Text(typeof fields.notes === 'string' ? fields.notes : ''));
					stakeholders.set(id, item);
				}
			});
		},
		relate(id: string, from: string, to: string, kind: string, label = '') {
			const item = new Y.Map<unknown>();
			doc.transact(() => {
				for (const [key, value] of Object.entries({ from, to, kind, label })) item.set(key, value);
				doc.getMap('relations').set(id, item);
			});
		},
		field(id: string, key: string): unknown {
			return stakeholders.get(id)?.get(key);
		},
		close() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export type RawClient = Awaited<ReturnType<typeof rawClient>>;

export interface Setup {
	a: Page;
	b: Page;
	boardId: string;
	facilitatorToken: string;
	participantToken: string;
	/** The facilitator's saved session, for opening more browsers (another language, another size). */
	savedA: SavedSession;
	raw: RawClient;
	/** Closes both browsers and checks that nothing threw on either page. */
	close: () => Promise<void>;
}

/**
 * A one-group workshop: A is its facilitator, B a participant of the group, both with the board
 * open in `view`; `seed` is written first by a stock Yjs client (which stays connected as `raw`).
 */
export async function twoPeople(
	browser: Browser,
	request: APIRequestContext,
	testInfo: TestInfo,
	{ sizeA = DESKTOP, sizeB = DESKTOP, view = 'map' as View, seed = {} as Record<string, Fields>, title = 'Stakeholder drill' } = {}
): Promise<Setup> {
	const created = (await (await request.post('/api/workshops', { data: { title, groups: 1 } })).json()) as CreateWorkshopResponse;
	const board = created.boards[0];
	const joined = (await (
		await request.post('/api/join', { data: { joinCode: created.joinCode, name: 'Minho', boardId: board.boardId } })
	).json()) as JoinResponse;
	const raw = await rawClient(testInfo, board.boardId, created.facilitatorToken);
	raw.add(seed);
	const common = { workshopId: created.workshopId, title: created.title, joinCode: created.joinCode, boards: created.boards, savedAt: Date.now() };
	const savedA: SavedSession = { ...common, role: 'facilitator', token: created.facilitatorToken, name: 'Ayu', boardId: null };
	const contextA = await browser.newContext({ viewport: sizeA, locale: 'en-US', hasTouch: sizeA === PHONE });
	await remember(contextA, savedA);
	const contextB = await browser.newContext({ viewport: sizeB, locale: 'en-US', hasTouch: sizeB === PHONE });
	await remember(contextB, { ...common, role: 'participant', token: joined.participantToken, name: 'Minho', boardId: board.boardId });
	const a = await contextA.newPage();
	const b = await contextB.newPage();
	// Nothing may throw on either page, whatever the data or the gestures.
	const errors: string[] = [];
	for (const page of [a, b]) page.on('pageerror', (error) => errors.push(error.message));
	await openBoard(a, board.boardId, view);
	await openBoard(b, board.boardId, view);
	return {
		a,
		b,
		boardId: board.boardId,
		facilitatorToken: created.facilitatorToken,
		participantToken: joined.participantToken,
		savedA,
		raw,
		close: async () => {
			raw.close();
			await contextA.close();
			await contextB.close();
			expect(errors).toEqual([]);
		}
	};
}

/** Page coordinates of a board point, from the map's pan and zoom. */
export async function pagePoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
	const viewport = page.getByTestId('map-viewport');
	const box = (await viewport.boundingBox())!;
	const [k, px, py] = await Promise.all(['data-zoom', 'data-pan-x', 'data-pan-y'].map(async (name) => Number(await viewport.getAttribute(name))));
	return { x: box.x + px + x * k, y: box.y + py + y * k };
}

export async function center(locator: Locator): Promise<{ x: number; y: number }> {
	const box = (await locator.boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Double-clicks the empty map in a sector and returns the id of the card that appears. */
export async function createIn(page: Page, helix: Helix, radius = 480): Promise<string> {
	const ids = () => page.getByTestId('map-card').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.cardId));
	const before = await ids();
	const point = sectorPoint(helix, radius);
	const at = await pagePoint(page, point.x, point.y);
	await page.mouse.dblclick(at.x, at.y);
	await expect(page.getByTestId('map-card')).toHaveCount(before.length + 1);
	const id = (await ids()).find((i) => !before.includes(i))!;
	await expect(page.locator(`[data-card-id="${id}"]`)).toHaveAttribute('data-helix', helix);
	return id;
}

export const card = (page: Page, id: string) => page.locator(`[data-testid="map-card"][data-card-id="${id}"]`);
export const chip = (page: Page, id: string) => page.locator(`[data-testid="grid-chip"][data-id="${id}"]`);
export const row = (page: Page, id: string) => page.locator(`[data-testid="list-row"][data-id="${id}"]`);

/** A screenshot kept with the test's results and in /tmp for a quick look. */
export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
	const file = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path: file });
	await testInfo.attach(name, { path: file, contentType: 'image/png' });
	return file;
}
