/** The follow-up tools' pure logic: progress chart, history order, changes summary, checkpoint note. */
import { describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../../src/lib/board/actions.js';
import type { BoardChanges } from '../../src/lib/board/changes.js';
import {
	checkpointGap,
	localInputMs,
	newestFirst,
	sparkline,
	summarizeChanges,
	toLocalInput
} from '../../src/lib/components/plan/follow/followModel.js';

const update = (date: string, progress: number, at = 0, extra: Partial<ProgressUpdate> = {}): ProgressUpdate => ({
	id: `${date}-${at}`,
	date,
	at,
	progress,
	status: 'in_progress',
	done: '',
	blockers: '',
	author: 'Ayu',
	...extra
});

describe('sparkline', () => {
	it('is a step line from the first to the last day, 100 % at the top', () => {
		const line = sparkline([update('2026-01-01', 0), update('2026-01-11', 50), update('2026-01-21', 100)], 200, 100, 0)!;
		expect(line.points.map((p) => [p.x, p.y])).toEqual([
			[0, 100],
			[100, 50],
			[200, 0]
		]);
		// Progress holds until the next update, then steps: horizontal first, then vertical.
		expect(line.path).toBe('M0 100H100V50H200V0');
		expect(line.from).toBe('2026-01-01');
		expect(line.to).toBe('2026-01-21');
	});

	it('spaces points by date, not by index', () => {
		const line = sparkline([update('2026-01-01', 10), update('2026-01-02', 20), update('2026-01-11', 30)], 100, 100, 0)!;
		expect(line.points.map((p) => p.x)).toEqual([0, 10, 100]);
	});

	it('keeps the last update of a day, whatever order they are stored in', () => {
		const line = sparkline([update('2026-02-01', 40, 2), update('2026-02-01', 10, 1), update('2026-01-01', 0, 0)], 100, 100, 0)!;
		expect(line.points).toHaveLength(2);
		expect(line.points[1].update.progress).toBe(40);
	});

	it('draws a single day as a level line with its dot at the right', () => {
		const line = sparkline([update('2026-03-05', 25)], 100, 100, 5)!;
		expect(line.points).toEqual([expect.objectContaining({ x: 95, y: 72.5 })]);
		expect(line.path).toBe('M5 72.5H95');
	});

	it('leaves out unreadable dates and gives null when nothing is left', () => {
		expect(sparkline([], 100, 100)).toBeNull();
		expect(sparkline([update('soon', 50), update('2026-13-45x', 20)], 100, 100)).toBeNull();
		expect(sparkline([update('soon', 50), update('2026-01-01', 20)], 100, 100, 0)!.points).toHaveLength(1);
	});
});

describe('history order', () => {
	it('is newest first, by date and then by when it was written', () => {
		const ordered = newestFirst([update('2026-01-01', 0, 5), update('2026-02-01', 10, 1), update('2026-02-01', 20, 3)]);
		expect(ordered.map((u) => u.progress)).toEqual([20, 10, 0]);
	});
});

describe('changes summary', () => {
	const empty = () => ({ added: [], removed: [], changed: {} });
	it('counts new, changed and removed actions and names the removed ones as they were', () => {
		const changes: BoardChanges = {
			actions: {
				added: ['n1', 'n2'],
				removed: [
					{ id: 'r1', before: { title: ' Open data portal ' } },
					{ id: 'r2', before: { '*': 42 } }
				],
				changed: { c1: { target: '50 %' } }
			},
			stakeholders: { added: ['s1'], removed: [], changed: { s2: { power: 10 } } },
			relations: empty()
		};
		expect(summarizeChanges(changes)).toEqual({
			actionsAdded: 2,
			actionsChanged: 1,
			actionsRemoved: 2,
			removedTitles: [
				{ id: 'r1', title: 'Open data portal' },
				{ id: 'r2', title: '' }
			],
			stakeholders: 2,
			relations: 0,
			none: false
		});
	});

	it('says when nothing changed', () => {
		expect(summarizeChanges({ actions: empty(), stakeholders: empty(), relations: empty() }).none).toBe(true);
	});
});

describe('checkpoint note', () => {
	it('is needed only when the checkpoint is more than a minute older than asked, or missing', () => {
		const since = Date.UTC(2026, 0, 1, 14, 30);
		expect(checkpointGap(since, since - 30_000)).toBe('exact');
		expect(checkpointGap(since, since - 25 * 60_000)).toBe('earlier');
		expect(checkpointGap(since, 0)).toBe('empty');
	});
});

describe('datetime-local values', () => {
	it('round-trip in local time to the second', () => {
		const ms = new Date(2026, 10, 28, 9, 5, 7).getTime();
		expect(toLocalInput(ms)).toBe('2026-11-28T09:05:07');
		expect(localInputMs(toLocalInput(ms))).toBe(ms);
		expect(localInputMs('2026-11-28T09:05')).toBe(new Date(2026, 10, 28, 9, 5).getTime());
		expect(localInputMs('')).toBeNull();
		expect(localInputMs('yesterday')).toBeNull();
	});
});
