/**
 * The map and the plan point at each other through the shared selection: a selected stakeholder
 * lights up the actions it owns or partners in; a selected action lights up its owner and partners.
 */
import type { ActionView } from '$lib/board/actions.js';

/** Actions linked to any selected stakeholder (selected actions themselves are not included). */
export function actionsLinkedTo(selection: ReadonlySet<string>, actions: readonly ActionView[]): Set<string> {
	const linked = new Set<string>();
	if (selection.size === 0) return linked;
	for (const action of actions) {
		if ((action.owner && selection.has(action.owner)) || action.partners.some((p) => selection.has(p))) linked.add(action.id);
	}
	return linked;
}

/** Stakeholders that own or partner in any selected action. */
export function stakeholdersLinkedTo(selection: ReadonlySet<string>, actions: readonly ActionView[]): Set<string> {
	const linked = new Set<string>();
	for (const action of actions) {
		if (!selection.has(action.id)) continue;
		if (action.owner) linked.add(action.owner);
		for (const partner of action.partners) linked.add(partner);
	}
	return linked;
}
