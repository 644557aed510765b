/**
 * Pentahelix coverage of a plan: per helix, how many actions its stakeholders own and how many
 * they partner in. A helix with neither has no role in the plan and is flagged. Owners or
 * partners that no longer exist (deleted while someone linked them) count for no helix.
 */
import type { ActionView } from './actions.js';
import { HELIXES, type Helix } from './schema.js';

export interface HelixCoverage {
	helix: Helix;
	/** Actions owned by a stakeholder of this helix. */
	owns: number;
	/** Actions where a stakeholder of this helix is a partner (and none of its own owns it). */
	partners: number;
	/** True when the helix neither owns nor partners in any action. */
	missing: boolean;
}

export function planCoverage(
	actions: readonly Pick<ActionView, 'owner' | 'partners'>[],
	helixOf: (stakeholderId: string) => Helix | null | undefined
): HelixCoverage[] {
	const owns = new Map<Helix, number>();
	const partners = new Map<Helix, number>();
	for (const action of actions) {
		const owner = action.owner ? helixOf(action.owner) : null;
		if (owner) owns.set(owner, (owns.get(owner) ?? 0) + 1);
		const partnerHelixes = new Set(action.partners.map(helixOf).filter((h): h is Helix => !!h && h !== owner));
		for (const helix of partnerHelixes) partners.set(helix, (partners.get(helix) ?? 0) + 1);
	}
	return HELIXES.map((helix) => {
		const o = owns.get(helix) ?? 0;
		const p = partners.get(helix) ?? 0;
		return { helix, owns: o, partners: p, missing: o + p === 0 };
	});
}

/** Number of actions per stakeholder (owned or partnered), for the count on map cards. */
export function actionCounts(actions: readonly Pick<ActionView, 'owner' | 'partners'>[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const action of actions) {
		const ids = new Set([...(action.owner ? [action.owner] : []), ...action.partners]);
		for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	return counts;
}
