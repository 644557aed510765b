import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addRelation, addStakeholder, collection, initBoardDoc, updateAction } from '../../src/lib/board/model.js';
import { boardOverview } from '../../src/lib/board/overview.js';
import { CARD_HEIGHT, CARD_WIDTH, MAP_RADIUS } from '../../src/lib/board/sectors.js';
import { applyTemplate } from '../../src/lib/board/templates/index.js';
import { participantIdOfToken, toPeer } from '../../src/lib/sync/presence.js';

function newBoard(title = 'Group 1'): Y.Doc {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title, createdAt: 1_700_000_000_000 });
	return doc;
}

describe('boardOverview', () => {
	it('counts nothing on an empty board and keeps the map backdrop size', () => {
		const overview = boardOverview(newBoard());
		expect(overview).toMatchObject({ title: 'Group 1', locked: false, stakeholders: 0, relations: 0, actions: 0, cards: [], lines: [], half: MAP_RADIUS });
		expect(overview.helixCounts).toEqual({ government: 0, business: 0, academia: 0, community: 0, media: 0, invalid: 0 });
		expect(overview.statusCounts).toEqual({ planned: 0, in_progress: 0, done: 0, blocked: 0, invalid: 0 });
	});

	it('counts stakeholders per helix and actions per status, foreign values as invalid', () => {
		const doc = newBoard();
		const mayor = addStakeholder(doc, { name: 'Mayor', helix: 'government', x: 0, y: -400 });
		addStakeholder(doc, { name: 'Bappeda', helix: 'government' });
		const paper = addStakeholder(doc, { name: 'Riau Pos', helix: 'media', x: 300, y: 200 });
		addStakeholder(doc, { name: 'Campus', helix: 'academia' });
		// A foreign client stored a helix that is not one of the five.
		const odd = addStakeholder(doc, { name: 'Odd', helix: 'business' });
		(collection(doc, 'stakeholders').get(odd) as Y.Map<unknown>).set('helix', 'aliens');
		addAction(doc, { title: 'Survey' });
		const running = addAction(doc, { title: 'Portal', status: 'in_progress' });
		addAction(doc, { title: 'Launch', status: 'done' });
		const someday = addAction(doc, { title: 'Someday' });
		(collection(doc, 'actions').get(someday) as Y.Map<unknown>).set('status', 'someday');
		updateAction(doc, running, { progress: 40 });
		addRelation(doc, { from: mayor, to: paper, kind: 'information' });

		const overview = boardOverview(doc);
		expect(overview.helixCounts).toEqual({ government: 2, business: 0, academia: 1, community: 0, media: 1, invalid: 1 });
		expect(overview.statusCounts).toEqual({ planned: 1, in_progress: 1, done: 1, blocked: 0, invalid: 1 });
		expect(overview).toMatchObject({ stakeholders: 5, relations: 1, actions: 4 });
		// Cards are drawn by their centres; the relation joins the two centres.
		expect(overview.cards.find((c) => c.id === mayor)).toEqual({ id: mayor, x: CARD_WIDTH / 2, y: -400 + CARD_HEIGHT / 2, helix: 'government' });
		expect(overview.lines).toEqual([
			{ id: expect.any(String), x1: CARD_WIDTH / 2, y1: -400 + CARD_HEIGHT / 2, x2: 300 + CARD_WIDTH / 2, y2: 200 + CARD_HEIGHT / 2 }
		]);
	});

	it('leaves out relations with a missing end and widens the square for far cards', () => {
		const doc = newBoard();
		const far = addStakeholder(doc, { name: 'Far away', helix: 'community', x: -3000, y: 10 });
		const gone = addStakeholder(doc, { name: 'Gone', helix: 'media' });
		addRelation(doc, { from: far, to: gone, kind: 'conflict' });
		// Another client deleted the card's map entry only: the dangling relation must not be drawn.
		collection(doc, 'stakeholders').delete(gone);
		const overview = boardOverview(doc);
		expect(overview.relations).toBe(1);
		expect(overview.lines).toEqual([]);
		expect(overview.half).toBe(3000);
	});

	it('follows the lock and the title in meta', () => {
		const doc = newBoard('Kelompok 2');
		collection(doc, 'meta').set('locked', true);
		expect(boardOverview(doc)).toMatchObject({ title: 'Kelompok 2', locked: true });
	});

	it('summarises the worked example', () => {
		const doc = newBoard();
		applyTemplate(doc, 'example', 'en', 1_700_000_000_000);
		const overview = boardOverview(doc);
		expect(overview.stakeholders).toBeGreaterThan(5);
		expect(Object.values(overview.helixCounts).reduce((a, b) => a + b, 0)).toBe(overview.stakeholders);
		expect(Object.values(overview.statusCounts).reduce((a, b) => a + b, 0)).toBe(overview.actions);
		expect(overview.lines.length).toBeGreaterThan(0);
	});
});

describe('presence user.id (who is online, for the console)', () => {
	const user = { name: 'Dewi', color: '#00798c', role: 'participant' };

	it('keeps a participant id and drops junk', () => {
		expect(toPeer(1, { user: { ...user, id: 'pAAAAAAAAAAAAAAA' } })!.user.id).toBe('pAAAAAAAAAAAAAAA');
		expect(toPeer(1, { user: { ...user, id: '<script>' } })!.user.id).toBeUndefined();
		expect(toPeer(1, { user: { ...user, id: 42 } })!.user.id).toBeUndefined();
		expect(toPeer(1, { user: { ...user, id: null } })!.user.id).toBeUndefined();
	});

	it('reads the participant id out of a participant token, null otherwise', () => {
		const token = (claims: object) => `v1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
		expect(participantIdOfToken(token({ kind: 'participant', workshopId: 'w', participantId: 'pBBBBBBBBBBBBBBB', boardId: 'b', exp: 1 }))).toBe(
			'pBBBBBBBBBBBBBBB'
		);
		expect(participantIdOfToken(token({ kind: 'facilitator', workshopId: 'w', exp: 1 }))).toBeNull();
		expect(participantIdOfToken('not a token')).toBeNull();
		expect(participantIdOfToken('')).toBeNull();
	});
});
