/**
 * Words for the stakeholder panels (grid, list, inspector, balance strip) that several of them
 * share: quadrant names in both label sets, short helix labels, a name to show for an unnamed card,
 * and a readable reason for a value that broke the schema.
 */
import type { Helix } from '../../board/schema.js';
import type { StakeholderView } from '../../board/stakeholders.js';
import { m } from '../../paraglide/messages.js';
import { COURSE_NAME, type LabelSet, type Quadrant } from './quadrants.js';
import { invalidText } from './style.js';

const MENDELOW: Record<Quadrant, () => string> = {
	manage: m.quadrant_manage,
	satisfy: m.quadrant_satisfy,
	inform: m.quadrant_inform,
	monitor: m.quadrant_monitor
};

const COURSE: Record<(typeof COURSE_NAME)[Quadrant], () => string> = {
	promoters: m.quadrant_promoters,
	latents: m.quadrant_latents,
	defenders: m.quadrant_defenders,
	apathetics: m.quadrant_apathetics
};

const WHERE: Record<Quadrant, () => string> = {
	manage: m.quadrant_where_manage,
	satisfy: m.quadrant_where_satisfy,
	inform: m.quadrant_where_inform,
	monitor: m.quadrant_where_monitor
};

export function quadrantLabel(quadrant: Quadrant, set: LabelSet): string {
	return set === 'course' ? COURSE[COURSE_NAME[quadrant]]() : MENDELOW[quadrant]();
}

/** Both names at once ("Manage closely / Promoters"), for places without the grid's toggle. */
export function quadrantBothLabels(quadrant: Quadrant): string {
	return `${MENDELOW[quadrant]()} / ${COURSE[COURSE_NAME[quadrant]]()}`;
}

/** "high power, low interest": what the quadrant means, for its tooltip. */
export function quadrantWhere(quadrant: Quadrant): string {
	return WHERE[quadrant]();
}

export function helixShortLabel(helix: Helix): string {
	return {
		government: m.balance_short_government,
		business: m.balance_short_business,
		academia: m.balance_short_academia,
		community: m.balance_short_community,
		media: m.balance_short_media
	}[helix]();
}

/** The name as typed, or a visible placeholder: an empty name must still be something to click. */
export function displayName(name: string | null | undefined): string {
	return name && name.trim() !== '' ? name : m.stakeholder_unnamed();
}

/** Field labels for messages that name a field ("Power: 'high'"). */
export function fieldLabel(field: string): string {
	const labels: Record<string, () => string> = {
		name: m.insp_name,
		helix: m.insp_helix,
		organization: m.insp_organization,
		role: m.insp_role,
		power: m.insp_power,
		interest: m.insp_interest,
		attitude: m.insp_attitude,
		notes: m.insp_notes
	};
	return labels[field]?.() ?? field;
}

/** Whether a field of this stakeholder broke the schema (its stored value is in `raw`). */
export function hasIssue(view: Pick<StakeholderView, 'issues'>, field: string): boolean {
	return view.issues.some((issue) => issue.field === field);
}

/** Why power or interest is not on the grid: the stored value, or that there is none. */
export function unplacedReason(view: StakeholderView, field: 'power' | 'interest'): string | null {
	if (view[field] !== null) return null;
	if (field in view.raw) return m.grid_reason_invalid({ field: fieldLabel(field), value: invalidText(view.raw[field]) });
	return m.grid_reason_missing({ field: fieldLabel(field) });
}
