/**
 * A board at a glance for the facilitator console: how many stakeholders each helix has, how many
 * actions each status has, and a small map (card positions and relation lines) to draw as a
 * thumbnail. Pure reads of a board's Y.Doc through the model readers, so foreign values are
 * handled exactly as the board views handle them.
 */
import type * as Y from 'yjs';
import { boardTitle, isLocked } from './doc.js';
import { readActions } from './actions.js';
import { ACTION_STATUSES, HELIXES, type ActionStatus, type Helix } from './schema.js';
import { CARD_HEIGHT, CARD_WIDTH, MAP_RADIUS } from './sectors.js';
import { readRelations, readStakeholders } from './stakeholders.js';

export interface ThumbnailCard {
	id: string;
	/** Card centre in board units. */
	x: number;
	y: number;
	helix: Helix | null;
}

export interface ThumbnailLine {
	id: string;
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

export interface BoardOverview {
	title: string;
	locked: boolean;
	/** Stakeholders per helix; a stored helix that is not one of the five counts as `invalid`. */
	helixCounts: Record<Helix, number> & { invalid: number };
	/** Actions per status; an unknown status counts as `invalid`. */
	statusCounts: Record<ActionStatus, number> & { invalid: number };
	stakeholders: number;
	relations: number;
	actions: number;
	cards: ThumbnailCard[];
	/** Relations whose both ends exist, as lines between card centres. */
	lines: ThumbnailLine[];
	/** Square around the origin (where the sectors meet) that holds every card: minX = minY = -half. */
	half: number;
}

const zeroes = <K extends string>(keys: readonly K[]) =>
	Object.fromEntries([...keys, 'invalid'].map((key) => [key, 0])) as Record<K | 'invalid', number>;

export function boardOverview(doc: Y.Doc): BoardOverview {
	const helixCounts = zeroes(HELIXES);
	const statusCounts = zeroes(ACTION_STATUSES);
	const cards: ThumbnailCard[] = [];
	const centres = new Map<string, ThumbnailCard>();
	// The map's backdrop is at least MAP_RADIUS; cards dragged further out widen the thumbnail.
	let half = MAP_RADIUS;
	for (const stakeholder of readStakeholders(doc)) {
		helixCounts[stakeholder.helix ?? 'invalid']++;
		const card = { id: stakeholder.id, x: stakeholder.x + CARD_WIDTH / 2, y: stakeholder.y + CARD_HEIGHT / 2, helix: stakeholder.helix };
		cards.push(card);
		centres.set(card.id, card);
		half = Math.max(half, Math.abs(stakeholder.x), Math.abs(stakeholder.x + CARD_WIDTH), Math.abs(stakeholder.y), Math.abs(stakeholder.y + CARD_HEIGHT));
	}
	const relations = readRelations(doc);
	const lines: ThumbnailLine[] = [];
	for (const relation of relations) {
		const from = relation.from ? centres.get(relation.from) : undefined;
		const to = relation.to ? centres.get(relation.to) : undefined;
		if (from && to) lines.push({ id: relation.id, x1: from.x, y1: from.y, x2: to.x, y2: to.y });
	}
	const actions = readActions(doc);
	for (const action of actions) statusCounts[action.status ?? 'invalid']++;
	return {
		title: boardTitle(doc),
		locked: isLocked(doc),
		helixCounts,
		statusCounts,
		stakeholders: cards.length,
		relations: relations.length,
		actions: actions.length,
		cards,
		lines,
		half
	};
}
