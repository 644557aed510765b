/**
 * Other people's presence as the stakeholder views show it: who has what selected (grid rings,
 * list dots) and "someone is editing this" for the inspectors. Shared here so the views agree.
 */
import { onDestroy } from 'svelte';
import type { BoardSession } from '$lib/sync/BoardSession.svelte.js';
import type { Peer } from '$lib/sync/presence.js';

export interface PeerMark {
	name: string;
	color: string;
}

/** Each selected id with the people who have it selected, in peer order. */
export function peerSelections(peers: readonly Peer[]): Map<string, PeerMark[]> {
	const byId = new Map<string, PeerMark[]>();
	for (const peer of peers) {
		for (const id of peer.selection) {
			const list = byId.get(id) ?? [];
			list.push({ name: peer.user.name, color: peer.user.color });
			byId.set(id, list);
		}
	}
	return byId;
}

/**
 * Tells the others "I am editing this" while the focus is inside the element that gets these
 * handlers, and stops when it leaves (or the inspector closes). Call during component set-up;
 * `id` and `editable` are getters so the current values are read on each focus change.
 */
export function shareEditing(session: BoardSession, id: () => string, editable: () => boolean) {
	let sharedEditing = false;

	// Closed or switched to another card while a field had the focus: nobody is editing this now.
	onDestroy(() => {
		if (sharedEditing) session.setEditing(null);
	});

	return {
		onfocusin() {
			if (!editable() || sharedEditing) return;
			sharedEditing = true;
			session.setEditing(id());
		},
		onfocusout(event: FocusEvent) {
			// Moving between fields of the same panel is still editing it.
			const next = event.relatedTarget as Node | null;
			if (next && (event.currentTarget as HTMLElement).contains(next)) return;
			if (!sharedEditing) return;
			sharedEditing = false;
			session.setEditing(null);
		}
	};
}
