/** The plan timeline's pure parts: calendar days, the scale, the range, the axis, bars and lanes. */
import { describe, expect, it } from 'vitest';
import {
	addMonths,
	axisOf,
	dayAt,
	dayFrom,
	dayOf,
	daysOf,
	isoOf,
	laneOf,
	MAX_REACH_DAYS,
	placementOf,
	PX_PER_DAY,
	startOfMonth,
	startOfQuarter,
	startOfWeek,
	timelineLanes,
	timelineRange,
	weekdayOf,
	xOf,
	type Scale
} from '../../src/lib/components/plan/timeline.js';
import type { Helix } from '../../src/lib/board/schema.js';

const d = (iso: string) => {
	const day = dayOf(iso);
	if (day === null) throw new Error(`not a day: ${iso}`);
	return day;
};

describe('calendar days', () => {
	it('reads stored dates as whole UTC days and back', () => {
		expect(dayOf('1970-01-01')).toBe(0);
		expect(dayOf('1970-01-02')).toBe(1);
		expect(isoOf(d('2027-03-14'))).toBe('2027-03-14');
		expect(d('2027-01-01') - d('2026-12-31')).toBe(1);
	});

	it('refuses what is not a calendar day', () => {
		for (const bad of ['2027-02-29', '2027-02-30', '2027-13-01', '2027-00-10', '2027-1-5', '5 Jan 2027', '', '0099-01-01']) {
			expect(dayOf(bad), bad).toBeNull();
		}
		expect(dayOf(null)).toBeNull();
		expect(dayOf(undefined)).toBeNull();
	});

	it('knows leap years', () => {
		expect(dayOf('2028-02-29')).not.toBeNull();
		expect(d('2028-03-01') - d('2028-02-28')).toBe(2);
		expect(d('2027-03-01') - d('2027-02-28')).toBe(1);
		expect(dayOf('2100-02-29')).toBeNull(); // not a leap year
		expect(dayOf('2000-02-29')).not.toBeNull(); // a leap year
	});

	it('finds weeks (Monday first), months and quarters', () => {
		expect(weekdayOf(d('2027-03-15'))).toBe(0); // a Monday
		expect(weekdayOf(d('2027-03-21'))).toBe(6); // a Sunday
		expect(isoOf(startOfWeek(d('2027-03-18')))).toBe('2027-03-15');
		expect(isoOf(startOfWeek(d('1969-12-31')))).toBe('1969-12-29'); // before day 0 too
		expect(isoOf(startOfMonth(d('2028-02-29')))).toBe('2028-02-01');
		expect(isoOf(startOfQuarter(d('2027-08-20')))).toBe('2027-07-01');
		expect(isoOf(addMonths(d('2027-01-31'), 1))).toBe('2027-02-01');
		expect(isoOf(addMonths(d('2027-11-15'), 3))).toBe('2028-02-01');
		expect(isoOf(addMonths(d('2027-01-15'), -1))).toBe('2026-12-01');
		expect(isoOf(dayFrom(2027, 12))).toBe('2028-01-01');
	});
});

describe('scale', () => {
	const scale: Scale = { start: d('2028-01-01'), pxPerDay: 6 };

	it('maps days to x and x back to the day drawn there', () => {
		expect(xOf(scale, d('2028-01-01'))).toBe(0);
		expect(xOf(scale, d('2028-02-01'))).toBe(31 * 6);
		// Across the leap day: February 2028 has 29 days.
		expect(xOf(scale, d('2028-03-01'))).toBe((31 + 29) * 6);
		for (const iso of ['2028-01-01', '2028-01-31', '2028-02-29', '2028-03-01', '2028-12-31']) {
			const x = xOf(scale, d(iso));
			expect(isoOf(dayAt(scale, x))).toBe(iso);
			expect(isoOf(dayAt(scale, x + 5.9))).toBe(iso); // anywhere within the day's column
		}
		expect(isoOf(dayAt(scale, -1))).toBe('2027-12-31');
	});

	it('is the same at every zoom, only wider', () => {
		const start = d('2027-12-30');
		for (const px of Object.values(PX_PER_DAY)) {
			const s = { start, pxPerDay: px };
			expect(xOf(s, d('2028-01-02'))).toBe(3 * px);
			expect(dayAt(s, 3 * px)).toBe(d('2028-01-02'));
		}
	});
});

describe('timelineRange', () => {
	const today = d('2027-03-10');

	it('pads to Mondays at the weeks zoom', () => {
		const range = timelineRange([d('2027-03-03'), d('2027-03-24')], today, 'weeks');
		expect(weekdayOf(range.start)).toBe(0);
		expect(weekdayOf(range.end)).toBe(0);
		expect(range.start).toBeLessThanOrEqual(d('2027-03-03') - 7);
		expect(range.end).toBeGreaterThan(d('2027-03-24') + 7);
	});

	it('pads to whole months and quarters', () => {
		const months = timelineRange([d('2027-05-20')], today, 'months');
		expect(isoOf(months.start)).toBe('2027-02-01'); // a month before today's
		expect(isoOf(months.end)).toBe('2027-07-01'); // the month after the last date, whole
		const quarters = timelineRange([d('2027-05-20')], today, 'quarters');
		expect(isoOf(quarters.start)).toBe('2026-10-01');
		expect(isoOf(quarters.end)).toBe('2027-10-01');
	});

	it('always holds today, even with nothing scheduled or everything long past', () => {
		const empty = timelineRange([], today, 'months');
		expect(empty.start).toBeLessThan(today);
		expect(empty.end).toBeGreaterThan(today);
		const past = timelineRange([d('2022-01-10'), d('2022-02-10')], today, 'quarters');
		expect(past.start).toBeLessThan(d('2022-01-10'));
		expect(past.end).toBeGreaterThan(today);
	});

	it('is not stretched by a date typed centuries off', () => {
		const range = timelineRange([d('1026-03-01'), d('2027-04-01'), d('3026-01-01')], today, 'weeks');
		expect(range.start).toBeGreaterThan(today - MAX_REACH_DAYS);
		expect(range.end).toBeLessThan(d('2027-06-01'));
		expect(timelineRange([], today, 'weeks', 10_000_000).end - today).toBeLessThanOrEqual(2 * MAX_REACH_DAYS + 14);
	});

	it('grows to fill the screen, on the zoom boundaries', () => {
		const range = timelineRange([], today, 'months', 400);
		expect(range.end - range.start).toBeGreaterThanOrEqual(400);
		expect(partsDate(range.end)).toBe(1);
		const weeks = timelineRange([], today, 'weeks', 100);
		expect(weeks.end - weeks.start).toBeGreaterThanOrEqual(100);
		expect(weekdayOf(weeks.end)).toBe(0);
	});
});

function partsDate(day: number): number {
	return Number(isoOf(day).slice(8));
}

describe('axisOf', () => {
	it('weeks: month spans and one tick a day, weekends marked', () => {
		const range = { start: d('2028-02-21'), end: d('2028-03-13') };
		const { spans, ticks } = axisOf(range, 'weeks');
		expect(spans.map((s) => [isoOf(s.start), isoOf(s.end), s.kind, s.index])).toEqual([
			['2028-02-21', '2028-03-01', 'month', 1],
			['2028-03-01', '2028-03-13', 'month', 2]
		]);
		expect(ticks).toHaveLength(21);
		expect(ticks.every((t) => t.kind === 'day')).toBe(true);
		expect(ticks.find((t) => isoOf(t.day) === '2028-02-29')).toBeTruthy(); // the leap day is drawn
		expect(ticks.filter((t) => t.weekend).map((t) => isoOf(t.day))).toEqual(['2028-02-26', '2028-02-27', '2028-03-04', '2028-03-05', '2028-03-11', '2028-03-12']);
	});

	it('months: one tick per Monday', () => {
		const range = { start: d('2027-02-01'), end: d('2027-04-01') };
		const { spans, ticks } = axisOf(range, 'months');
		expect(spans).toHaveLength(2);
		expect(ticks.every((t) => t.kind === 'week' && weekdayOf(t.day) === 0)).toBe(true);
		expect(isoOf(ticks[0].day)).toBe('2027-02-01'); // a Monday, on the range start
		expect(isoOf(ticks.at(-1)!.day)).toBe('2027-03-29');
		expect(ticks).toHaveLength(9);
	});

	it('quarters: quarter spans (clipped to the range) and a tick per month', () => {
		const range = { start: d('2026-11-01'), end: d('2027-07-01') };
		const { spans, ticks } = axisOf(range, 'quarters');
		expect(spans.map((s) => [isoOf(s.start), s.year, s.index])).toEqual([
			['2026-11-01', 2026, 3],
			['2027-01-01', 2027, 0],
			['2027-04-01', 2027, 1]
		]);
		expect(ticks.map((t) => isoOf(t.day))).toEqual(['2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01', '2027-06-01']);
		expect(ticks.every((t) => t.kind === 'month')).toBe(true);
	});
});

describe('placementOf', () => {
	it('draws a bar from start to end, end day included', () => {
		expect(placementOf({ start: '2027-03-01', end: '2027-03-31' })).toEqual({ kind: 'bar', start: d('2027-03-01'), end: d('2027-03-31') });
		expect(placementOf({ start: '2027-03-01', end: '2027-03-01' })).toEqual({ kind: 'bar', start: d('2027-03-01'), end: d('2027-03-01') });
	});

	it('makes a milestone of a single date', () => {
		expect(placementOf({ start: '2027-03-01', end: null })).toEqual({ kind: 'milestone', day: d('2027-03-01'), which: 'start' });
		expect(placementOf({ start: null, end: '2027-04-01' })).toEqual({ kind: 'milestone', day: d('2027-04-01'), which: 'end' });
		// A date that is no calendar day counts as missing.
		expect(placementOf({ start: '2027-02-30', end: '2027-04-01' })).toEqual({ kind: 'milestone', day: d('2027-04-01'), which: 'end' });
	});

	it('marks end-before-start as invalid, spanning the two dates the right way round', () => {
		const p = placementOf({ start: '2027-05-10', end: '2027-05-01' });
		expect(p).toEqual({ kind: 'invalid', from: d('2027-05-01'), to: d('2027-05-10') });
		expect(daysOf(p)).toEqual([d('2027-05-01'), d('2027-05-10')]);
	});

	it('leaves actions without dates unscheduled', () => {
		expect(placementOf({ start: null, end: null })).toEqual({ kind: 'unscheduled' });
		expect(placementOf({ start: 'soon', end: 'later' })).toEqual({ kind: 'unscheduled' });
		expect(daysOf({ kind: 'unscheduled' })).toEqual([]);
	});
});

describe('lanes by owner helix', () => {
	const helixes: Record<string, Helix | null> = { bappeda: 'government', telkom: 'business', unri: 'academia', radio: 'media', odd: null };
	const helixOf = (id: string) => (id in helixes ? helixes[id] : undefined);
	const action = (id: string, owner: string | null, start: string | null, end: string | null, issues: { field: string }[] = []) => ({ id, owner, start, end, issues });

	it('puts an action in its owner’s helix lane, or says why it cannot', () => {
		expect(laneOf(action('a', 'bappeda', null, null), helixOf)).toBe('government');
		expect(laneOf(action('a', null, null, null), helixOf)).toBe('none');
		expect(laneOf(action('a', 'gone', null, null), helixOf)).toBe('missing'); // deleted from the map
		expect(laneOf(action('a', null, null, null, [{ field: 'owner' }]), helixOf)).toBe('missing'); // a foreign owner value
		expect(laneOf(action('a', 'odd', null, null), helixOf)).toBe('invalid');
	});

	it('orders lanes as the pentahelix, no-owner and removed-owner last, empty lanes left out', () => {
		const { lanes, unscheduled } = timelineLanes(
			[
				action('m1', 'radio', '2027-03-01', '2027-03-05'),
				action('n1', null, '2027-03-01', null),
				action('x1', 'gone', null, '2027-04-01'),
				action('g1', 'bappeda', '2027-02-01', '2027-02-10'),
				action('b1', 'telkom', '2027-06-01', '2027-05-01'),
				action('u1', 'unri', null, null),
				action('i1', 'odd', '2027-01-01', '2027-01-02')
			],
			helixOf
		);
		expect(lanes.map((l) => l.key)).toEqual(['government', 'business', 'media', 'invalid', 'none', 'missing']);
		expect(lanes.map((l) => l.rows.map((r) => r.action.id))).toEqual([['g1'], ['b1'], ['m1'], ['i1'], ['n1'], ['x1']]);
		expect(lanes[1].rows[0].placement.kind).toBe('invalid');
		expect(unscheduled.map((a) => a.id)).toEqual(['u1']);
	});

	it('sorts rows in a lane by their first date, plan order among equals', () => {
		const { lanes } = timelineLanes(
			[
				action('late', 'bappeda', '2027-09-01', '2027-09-10'),
				action('same-b', 'bappeda', '2027-03-01', '2027-03-20'),
				action('same-a', 'bappeda', '2027-03-01', '2027-03-02'),
				action('due', 'bappeda', null, '2027-02-01'),
				action('swapped', 'bappeda', '2027-05-01', '2027-01-15')
			],
			helixOf
		);
		expect(lanes[0].rows.map((r) => r.action.id)).toEqual(['swapped', 'due', 'same-b', 'same-a', 'late']);
	});
});
