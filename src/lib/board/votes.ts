/**
 * Dot-vote results as a board holds them once the facilitator revealed a vote (format v1:
 * `votes: Y.Map<target id, Y.Map<participant id, number>>`, written by the server only): totals
 * per item and the ranked list the vote panel shows. Pure reads; a foreign client may have written
 * anything there, so what is not a positive whole number of dots counts as none.
 */
import * as Y from 'yjs';
import type { Helix } from './schema.js';
import type { ActionView } from './actions.js';
import type { StakeholderView } from './stakeholders.js';
import { collection } from './doc.js';

/** Dots per target id (only targets with at least one dot). */
export function voteTotals(doc: Y.Doc): Map<string, number> {
	const totals = new Map<string, number>();
	for (const [targetId, byParticipant] of collection(doc, 'votes')) {
		if (!(byParticipant instanceof Y.Map)) continue;
		let total = 0;
		for (const count of byParticipant.values()) total += dotCount(count);
		if (total > 0) totals.set(targetId, total);
	}
	return totals;
}

function dotCount(value: unknown): number {
	return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

export type RankedItem =
	| { kind: 'stakeholder'; id: string; label: string; total: number; helix: Helix | null }
	| { kind: 'action'; id: string; label: string; total: number; owner: StakeholderView | null };

/**
 * The voted items that still exist on the board, most dots first (ties by label, then id, so the
 * order is the same on every screen). Items without dots are left out; so are totals of items
 * deleted since the reveal.
 */
export function rankVoted(
	totals: ReadonlyMap<string, number>,
	stakeholders: readonly StakeholderView[],
	actions: readonly ActionView[]
): RankedItem[] {
	const byId = new Map(stakeholders.map((s) => [s.id, s]));
	const ranked: RankedItem[] = [];
	for (const s of stakeholders) {
		const total = totals.get(s.id);
		if (total) ranked.push({ kind: 'stakeholder', id: s.id, label: s.name, total, helix: s.helix });
	}
	for (const a of actions) {
		const total = totals.get(a.id);
		if (total) ranked.push({ kind: 'action', id: a.id, label: a.title, total, owner: (a.owner && byId.get(a.owner)) || null });
	}
	return ranked.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The rank (1 = most dots) of each item in a ranked list; items with equal totals share a rank. */
export function ranks(ranked: readonly RankedItem[]): Map<string, number> {
	const result = new Map<string, number>();
	ranked.forEach((item, index) => {
		const previous = ranked[index - 1];
		result.set(item.id, previous && previous.total === item.total ? result.get(previous.id)! : index + 1);
	});
	return result;
}
