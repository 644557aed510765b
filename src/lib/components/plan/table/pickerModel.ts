/**
 * What the stakeholder picker lists: the map's stakeholders grouped by helix in the pentahelix
 * order (a stakeholder with an invalid helix last, never hidden), sorted by name in the reader's
 * language, filtered by every typed word in name, organisation or role. The flat list is the
 * order the arrow keys walk.
 */
import { HELIXES, type Helix } from '../../../board/schema.js';
import { collatorFor, matchesQuery } from '../../stakeholders/listModel.js';

export interface PickerItem {
	id: string;
	name: string;
	organization: string;
	role: string;
	helix: Helix | null;
}

export interface PickerGroup<T extends PickerItem> {
	helix: Helix | null;
	items: T[];
}

export function pickerGroups<T extends PickerItem>(items: readonly T[], query: string, locale: string): PickerGroup<T>[] {
	const collator = collatorFor(locale);
	const shown = items
		.filter((item) => matchesQuery(item, query, locale))
		.sort((a, b) => collator.compare(a.name.trim() || '\uffff', b.name.trim() || '\uffff') || (a.id < b.id ? -1 : 1));
	const groups: PickerGroup<T>[] = [];
	for (const helix of [...HELIXES, null]) {
		const members = shown.filter((item) => item.helix === helix);
		if (members.length > 0) groups.push({ helix, items: members });
	}
	return groups;
}

/** The options in the order arrow keys walk them. */
export function flatOptions<T extends PickerItem>(groups: readonly PickerGroup<T>[]): T[] {
	return groups.flatMap((group) => group.items);
}

/** Multi mode: the list with `id` added or removed (order of choosing kept). */
export function toggled(value: readonly string[], id: string): string[] {
	return value.includes(id) ? value.filter((v) => v !== id) : [...value, id];
}
