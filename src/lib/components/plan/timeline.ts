/**
 * The plan timeline's pure parts: calendar days as integers, the scale from days to pixels, the
 * padded range, the axis ticks per zoom, where an action's bar goes, and the lanes by owner helix.
 *
 * Days are whole days since 1970-01-01 counted in UTC: stored dates are calendar days
 * ('YYYY-MM-DD'), never moments, so no time zone or daylight-saving shift can move a bar.
 * A bar covers its end day too: start 3 Jan, end 3 Jan is one day wide.
 */
import { HELIXES, type Helix } from '../../board/schema.js';

const DAY_MS = 86_400_000;

/** A stored date as a day number; null for anything that is not a real calendar day (2027-02-30). */
export function dayOf(iso: string | null | undefined): number | null {
	if (typeof iso !== 'string') return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!match) return null;
	const [y, m, d] = match.slice(1).map(Number);
	const ms = Date.UTC(y, m - 1, d);
	if (!Number.isFinite(ms)) return null;
	const day = Math.round(ms / DAY_MS);
	// Date.UTC rolls 30 Feb over to March and maps years below 100 to the 1900s: round-trip to refuse both.
	return isoOf(day) === iso ? day : null;
}

export function isoOf(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Year, month (0–11) and day of month of a day number. */
export function partsOf(day: number): { year: number; month: number; date: number } {
	const d = new Date(day * DAY_MS);
	return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate() };
}

/** The day number of year/month (0-based, may overflow either way)/date. */
export function dayFrom(year: number, month: number, date = 1): number {
	return Math.round(Date.UTC(year, month, date) / DAY_MS);
}

export function startOfMonth(day: number): number {
	const { year, month } = partsOf(day);
	return dayFrom(year, month);
}

/** The first day of the month `count` months after the month of `day`. */
export function addMonths(day: number, count: number): number {
	const { year, month } = partsOf(day);
	return dayFrom(year, month + count);
}

export function startOfQuarter(day: number): number {
	const { year, month } = partsOf(day);
	return dayFrom(year, month - (month % 3));
}

/** 0 = Monday … 6 = Sunday (ISO weeks; 1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
	return (((day + 3) % 7) + 7) % 7;
}

export function startOfWeek(day: number): number {
	return day - weekdayOf(day);
}

// ── zoom and scale ───────────────────────────────────────────────────────────

export const ZOOMS = ['weeks', 'months', 'quarters'] as const;
export type Zoom = (typeof ZOOMS)[number];

/** Wide enough for the labels of each zoom: a day number, a week's date, a short month name. */
export const PX_PER_DAY: Record<Zoom, number> = { weeks: 30, months: 6, quarters: 2 };

export interface Scale {
	/** First day drawn (at x = 0). */
	start: number;
	pxPerDay: number;
}

/** The x of the start (left edge) of a day. */
export function xOf(scale: Scale, day: number): number {
	return (day - scale.start) * scale.pxPerDay;
}

/** The day drawn at x (the day whose column holds x). */
export function dayAt(scale: Scale, x: number): number {
	return scale.start + Math.floor(x / scale.pxPerDay + 1e-9);
}

export interface Range {
	start: number;
	/** Exclusive. */
	end: number;
}

/**
 * How far from today the timeline reaches at most. A plan runs a few years (an RPJMD five); a
 * date typed as 1026 instead of 2026 must not make the page draw a thousand years of ticks.
 */
export const MAX_REACH_DAYS = 6 * 366;

/**
 * The days to draw: every given day and today, with room around them that ends on the zoom's
 * boundaries (weeks start on Monday, months and quarters on their first day), and at least
 * `minDays` long so a short plan still fills the screen. Days further than MAX_REACH_DAYS from
 * today do not stretch it (their bars are cut at the edge).
 */
export function timelineRange(days: readonly number[], today: number, zoom: Zoom, minDays = 0): Range {
	const near = days.filter((day) => Math.abs(day - today) <= MAX_REACH_DAYS);
	const lo = Math.min(today, ...near);
	const hi = Math.max(today, ...near);
	let start: number;
	let end: number;
	if (zoom === 'weeks') {
		start = startOfWeek(lo) - 7;
		end = startOfWeek(hi) + 14;
	} else if (zoom === 'months') {
		start = addMonths(lo, -1);
		end = addMonths(hi, 2);
	} else {
		start = addMonths(startOfQuarter(lo), -3);
		end = addMonths(startOfQuarter(hi), 6);
	}
	minDays = Math.min(minDays, 2 * MAX_REACH_DAYS);
	while (end - start < minDays) end = zoom === 'weeks' ? end + 7 : addMonths(end, zoom === 'months' ? 1 : 3);
	return { start, end };
}

export interface AxisSpan {
	start: number;
	/** Exclusive; clipped to the range. */
	end: number;
	kind: 'month' | 'quarter';
	year: number;
	/** Month 0–11, or quarter 0–3. */
	index: number;
}

export interface AxisTick {
	day: number;
	kind: 'day' | 'week' | 'month';
	/** Saturday or Sunday (day ticks only shade them). */
	weekend: boolean;
}

/**
 * The two rows of the axis: spans named above (months; quarters when zoomed out) and ticks below
 * (days at the weeks zoom, Mondays at the months zoom, months at the quarters zoom).
 */
export function axisOf(range: Range, zoom: Zoom): { spans: AxisSpan[]; ticks: AxisTick[] } {
	const spans: AxisSpan[] = [];
	const quarters = zoom === 'quarters';
	for (let s = quarters ? startOfQuarter(range.start) : startOfMonth(range.start); s < range.end; s = addMonths(s, quarters ? 3 : 1)) {
		const { year, month } = partsOf(s);
		const next = addMonths(s, quarters ? 3 : 1);
		spans.push({ start: Math.max(s, range.start), end: Math.min(next, range.end), kind: quarters ? 'quarter' : 'month', year, index: quarters ? month / 3 : month });
	}
	const ticks: AxisTick[] = [];
	const tick = (day: number, kind: AxisTick['kind']) => ticks.push({ day, kind, weekend: weekdayOf(day) >= 5 });
	if (zoom === 'weeks') for (let d = range.start; d < range.end; d++) tick(d, 'day');
	else if (zoom === 'months') for (let d = startOfWeek(range.start + 6); d < range.end; d += 7) tick(d, 'week');
	else for (let d = addMonths(range.start - 1, 1); d < range.end; d = addMonths(d, 1)) tick(d, 'month');
	return { spans, ticks };
}

// ── actions on the timeline ──────────────────────────────────────────────────

export type Placement =
	/** From start to end, both days included. */
	| { kind: 'bar'; start: number; end: number }
	/** Only one of the dates is there (or usable): a diamond on it. */
	| { kind: 'milestone'; day: number; which: 'start' | 'end' }
	/** The end is before the start: marked between the two, never drawn as a negative bar. */
	| { kind: 'invalid'; from: number; to: number }
	| { kind: 'unscheduled' };

export function placementOf(action: { start: string | null; end: string | null }): Placement {
	const start = dayOf(action.start);
	const end = dayOf(action.end);
	if (start !== null && end !== null) return end >= start ? { kind: 'bar', start, end } : { kind: 'invalid', from: end, to: start };
	if (start !== null) return { kind: 'milestone', day: start, which: 'start' };
	if (end !== null) return { kind: 'milestone', day: end, which: 'end' };
	return { kind: 'unscheduled' };
}

/** Every day a placement touches (for the range). */
export function daysOf(placement: Placement): number[] {
	switch (placement.kind) {
		case 'bar':
			return [placement.start, placement.end];
		case 'milestone':
			return [placement.day];
		case 'invalid':
			return [placement.from, placement.to];
		default:
			return [];
	}
}

/** The first day a placement shows, to sort rows in a lane. */
function firstDay(placement: Placement): number {
	return Math.min(...daysOf(placement));
}

/**
 * A lane: the five helixes in pentahelix order, then owners whose helix is not valid, actions with
 * no owner, and actions whose owner is gone from the map (or was never a stakeholder id).
 */
export type LaneKey = Helix | 'invalid' | 'none' | 'missing';
export const LANES: readonly LaneKey[] = [...HELIXES, 'invalid', 'none', 'missing'];

interface Lanable {
	owner: string | null;
	start: string | null;
	end: string | null;
	issues: readonly { field: string }[];
}

/**
 * `helixOf(owner)`: the stakeholder's helix, null when its stored helix is not valid, undefined
 * when there is no such stakeholder.
 */
export function laneOf(action: Lanable, helixOf: (id: string) => Helix | null | undefined): LaneKey {
	if (action.owner === null) return action.issues.some((issue) => issue.field === 'owner') ? 'missing' : 'none';
	const helix = helixOf(action.owner);
	if (helix === undefined) return 'missing';
	return helix ?? 'invalid';
}

export interface Lane<T> {
	key: LaneKey;
	rows: { action: T; placement: Placement }[];
}

/**
 * Actions (in plan order) into lanes by owner helix, rows in a lane by their first date (plan
 * order among equals), empty lanes left out; those without any usable date go to `unscheduled`.
 */
export function timelineLanes<T extends Lanable>(ordered: readonly T[], helixOf: (id: string) => Helix | null | undefined): { lanes: Lane<T>[]; unscheduled: T[] } {
	const byKey = new Map<LaneKey, Lane<T>['rows']>();
	const unscheduled: T[] = [];
	for (const action of ordered) {
		const placement = placementOf(action);
		if (placement.kind === 'unscheduled') {
			unscheduled.push(action);
			continue;
		}
		const key = laneOf(action, helixOf);
		const rows = byKey.get(key) ?? [];
		rows.push({ action, placement });
		byKey.set(key, rows);
	}
	const lanes: Lane<T>[] = [];
	for (const key of LANES) {
		const rows = byKey.get(key);
		// Array sort is stable: equal first days keep plan order.
		if (rows) lanes.push({ key, rows: rows.sort((a, b) => firstDay(a.placement) - firstDay(b.placement)) });
	}
	return { lanes, unscheduled };
}
