/**
 * Dot votes on a board: the totals and ranking the vote panel reads from a revealed board's `votes`
 * map (foreign values included), and the server's writing of results into that map.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAction, addStakeholder, collection, deleteStakeholders, readActions, readStakeholders } from '../../src/lib/board/model.js';
import { rankVoted, ranks, voteTotals } from '../../src/lib/board/votes.js';
import { clearVotes, groupVotes, writeVoteResults } from '../../server/workshop/votes.js';

function revealed(doc: Y.Doc, votes: Record<string, Record<string, unknown>>) {
	doc.transact(() => {
		for (const [target, byParticipant] of Object.entries(votes)) {
			const map = new Y.Map<unknown>();
			for (const [participant, count] of Object.entries(byParticipant)) map.set(participant, count);
			collection(doc, 'votes').set(target, map);
		}
	});
}

describe('voteTotals', () => {
	it('sums every participant’s dots per target', () => {
		const doc = new Y.Doc();
		revealed(doc, { a: { p1: 2, p2: 1 }, b: { p1: 1 } });
		expect(Object.fromEntries(voteTotals(doc))).toEqual({ a: 3, b: 1 });
	});

	it('counts foreign values as no dots and leaves out targets without any', () => {
		const doc = new Y.Doc();
		revealed(doc, { a: { p1: 'three', p2: -1, p3: 1.5, p4: 2 }, b: { p1: 0 }, c: { p1: null } });
		collection(doc, 'votes').set('d', 7);
		expect(Object.fromEntries(voteTotals(doc))).toEqual({ a: 2 });
	});

	it('is empty for a board that never had a vote revealed', () => {
		expect(voteTotals(new Y.Doc()).size).toBe(0);
	});
});

describe('rankVoted', () => {
	function board() {
		const doc = new Y.Doc();
		const dinas = addStakeholder(doc, { name: 'Dinas Kominfo', helix: 'government' });
		const univ = addStakeholder(doc, { name: 'Universitas Riau', helix: 'academia' });
		const radio = addStakeholder(doc, { name: 'Radio Kita', helix: 'media' });
		const wifi = addAction(doc, { title: 'Free wifi in parks', owner: dinas });
		const orphan = addAction(doc, { title: 'Open data portal', owner: null });
		return { doc, dinas, univ, radio, wifi, orphan };
	}

	it('lists stakeholders and actions with dots, most first, with helix and owner', () => {
		const { doc, dinas, univ, radio, wifi, orphan } = board();
		revealed(doc, { [univ]: { p1: 1 }, [wifi]: { p1: 2, p2: 3 }, [dinas]: { p2: 2 }, [orphan]: { p3: 2 } });
		const ranked = rankVoted(voteTotals(doc), readStakeholders(doc), readActions(doc));
		expect(ranked.map((item) => [item.label, item.total])).toEqual([
			['Free wifi in parks', 5],
			['Dinas Kominfo', 2],
			['Open data portal', 2],
			['Universitas Riau', 1]
		]);
		expect(ranked.find((item) => item.id === univ)).toMatchObject({ kind: 'stakeholder', helix: 'academia' });
		expect(ranked.find((item) => item.id === wifi)).toMatchObject({ kind: 'action', owner: { id: dinas, name: 'Dinas Kominfo' } });
		expect(ranked.find((item) => item.id === orphan)).toMatchObject({ kind: 'action', owner: null });
		expect(ranked.some((item) => item.id === radio)).toBe(false);
	});

	it('shares a rank between equal totals', () => {
		const { doc, dinas, univ, wifi, orphan } = board();
		revealed(doc, { [univ]: { p1: 1 }, [wifi]: { p1: 5 }, [dinas]: { p2: 2 }, [orphan]: { p3: 2 } });
		const ranked = rankVoted(voteTotals(doc), readStakeholders(doc), readActions(doc));
		expect(Object.fromEntries(ranks(ranked))).toEqual({ [wifi]: 1, [dinas]: 2, [orphan]: 2, [univ]: 4 });
	});

	it('leaves out totals of items deleted since the reveal', () => {
		const { doc, dinas, univ } = board();
		revealed(doc, { [univ]: { p1: 1 }, [dinas]: { p1: 1 } });
		// Deleting a stakeholder deletes its votes entry too; a stale entry (foreign client) is ignored.
		const totals = voteTotals(doc);
		deleteStakeholders(doc, [dinas]);
		expect(rankVoted(totals, readStakeholders(doc), readActions(doc)).map((item) => item.id)).toEqual([univ]);
	});
});

describe('server: writing vote results into a board', () => {
	it('groups stored votes by board, target and participant', () => {
		const grouped = groupVotes([
			{ participantId: 'p1', key: 'b1:s1', count: 2 },
			{ participantId: 'p2', key: 'b1:s1', count: 1 },
			{ participantId: 'p1', key: 'b2:a1', count: 1 },
			{ participantId: 'p3', key: 'malformed', count: 1 }
		]);
		expect([...grouped.keys()]).toEqual(['b1', 'b2']);
		expect(Object.fromEntries(grouped.get('b1')!.get('s1')!)).toEqual({ p1: 2, p2: 1 });
		expect(Object.fromEntries(grouped.get('b2')!.get('a1')!)).toEqual({ p1: 1 });
	});

	it('replaces the votes map with the results of existing items only', () => {
		const doc = new Y.Doc();
		const s = addStakeholder(doc, { name: 'Dinas', helix: 'government' });
		const a = addAction(doc, { title: 'Wifi' });
		revealed(doc, { stale: { old: 4 } });
		writeVoteResults(
			doc,
			new Map([
				[s, new Map([['p1', 2]])],
				[a, new Map([['p2', 1], ['p1', 1]])],
				['gone', new Map([['p1', 3]])]
			])
		);
		expect(collection(doc, 'votes').toJSON()).toEqual({ [s]: { p1: 2 }, [a]: { p1: 1, p2: 1 } });
		expect(Object.fromEntries(voteTotals(doc))).toEqual({ [s]: 2, [a]: 2 });
	});

	it('clears the votes map', () => {
		const doc = new Y.Doc();
		revealed(doc, { x: { p1: 1 }, y: { p2: 2 } });
		clearVotes(doc);
		expect(collection(doc, 'votes').size).toBe(0);
	});
});
