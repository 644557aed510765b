/**
 * Pure logic of the follow-up tools (progress history, "changes since…"): the progress chart's
 * geometry, the order of the history and the counts of the changes summary. No Svelte, no i18n, so it is unit-tested directly.
 */
import type { ProgressUpdate } from '../../../board/actions.js';
import { changeCount, type BoardChanges } from '../../../board/changes.js';

// Typed budget, progress and currency are read by tableNav.ts (patchFor, editText), shared with the
// plan table so the same text stores the same value in either place.

// ── progress history ────────────────────────────────────────────────────────

/** Newest first: by date, then by when it was written (the model keeps them oldest first). */
export function newestFirst(updates: readonly ProgressUpdate[]): ProgressUpdate[] {
	return [...updates].sort((a, b) => b.date.localeCompare(a.date) || b.at - a.at);
}

const DAY_MS = 86_400_000;

function dayOf(iso: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!match) return null;
	const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	return Number.isNaN(ms) ? null : ms / DAY_MS;
}

export interface SparkPoint {
	x: number;
	y: number;
	update: ProgressUpdate;
}

export interface Sparkline {
	/** SVG path of the step line: progress holds until the next update, then steps. */
	path: string;
	/** One dot per date (the last update of that day), left to right. */
	points: SparkPoint[];
	/** First and last day shown, 'YYYY-MM-DD'. */
	from: string;
	to: string;
}

/**
 * The progress-over-time chart of an action's updates, in a width × height box (y grows down,
 * 100 % at the top). Updates with an unreadable date are left out; null when none is left.
 * A single day is drawn as a level line across, with its dot at the right.
 */
export function sparkline(updates: readonly ProgressUpdate[], width: number, height: number, pad = 4): Sparkline | null {
	const byDay = new Map<number, ProgressUpdate>();
	for (const u of [...updates].sort((a, b) => a.date.localeCompare(b.date) || a.at - b.at)) {
		const day = dayOf(u.date);
		if (day !== null) byDay.set(day, u); // the last one written that day wins
	}
	if (byDay.size === 0) return null;
	const days = [...byDay.keys()].sort((a, b) => a - b);
	const first = days[0];
	const last = days[days.length - 1];
	const span = last - first;
	const x = (day: number) => (span === 0 ? width - pad : pad + ((day - first) / span) * (width - 2 * pad));
	const y = (progress: number) => pad + (1 - Math.min(100, Math.max(0, progress)) / 100) * (height - 2 * pad);
	const points = days.map((day) => ({ x: round(x(day)), y: round(y(byDay.get(day)!.progress)), update: byDay.get(day)! }));
	let path = span === 0 ? `M${pad} ${points[0].y}H${points[0].x}` : `M${points[0].x} ${points[0].y}`;
	for (let i = 1; i < points.length; i++) path += `H${points[i].x}V${points[i].y}`;
	return { path, points, from: byDay.get(first)!.date, to: byDay.get(last)!.date };
}

const round = (n: number) => Math.round(n * 10) / 10;

// ── changes since… ──────────────────────────────────────────────────────────

export interface ChangesSummary {
	actionsAdded: number;
	actionsChanged: number;
	actionsRemoved: number;
	/** Titles of removed actions as they were ('' when it had none). */
	removedTitles: Array<{ id: string; title: string }>;
	stakeholders: number;
	relations: number;
	/** Nothing at all changed. */
	none: boolean;
}

export function summarizeChanges(changes: BoardChanges): ChangesSummary {
	const actions = changes.actions;
	const removedTitles = actions.removed.map(({ id, before }) => ({ id, title: typeof before.title === 'string' ? before.title.trim() : '' }));
	const stakeholders = changeCount(changes.stakeholders);
	const relations = changeCount(changes.relations);
	const actionsChanged = Object.keys(actions.changed).length;
	return {
		actionsAdded: actions.added.length,
		actionsChanged,
		actionsRemoved: actions.removed.length,
		removedTitles,
		stakeholders,
		relations,
		none: actions.added.length + actionsChanged + actions.removed.length + stakeholders + relations === 0
	};
}

/**
 * The checkpoint is worth mentioning when it is more than a minute older than the moment asked
 * for: the comparison then also counts what changed between the two. 0 means the board did not
 * exist yet (compared with an empty board), which is also said.
 */
export const CHECKPOINT_SLACK_MS = 60_000;

export function checkpointGap(since: number, baseAt: number): 'exact' | 'earlier' | 'empty' {
	if (baseAt <= 0) return 'empty';
	return since - baseAt > CHECKPOINT_SLACK_MS ? 'earlier' : 'exact';
}

/** A datetime-local input's value ('YYYY-MM-DDTHH:mm[:ss]', local time) as ms; null when unreadable. */
export function localInputMs(value: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
	const ms = new Date(value).getTime();
	return Number.isNaN(ms) ? null : ms;
}

/** A moment (ms) as a datetime-local value in local time, to the second. */
export function toLocalInput(ms: number): string {
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
