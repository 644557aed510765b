/**
 * The workshop report call (`POST /api/workshops/<id>/report`): its request, and the lines the
 * server streams while it builds when asked with `Accept: application/x-ndjson` (otherwise the
 * answer is the PDF itself).
 */
import * as v from 'valibot';
import { locales } from '../paraglide/runtime.js';
import { LABEL_SETS } from '../components/stakeholders/quadrants.js';

export const ReportRequest = v.object({
	/** The report's language; English when absent. */
	lang: v.optional(v.picklist(locales)),
	/** The grid's quadrant names. */
	labels: v.optional(v.picklist(LABEL_SETS), 'mendelow'),
	/** Who asks, for the snapshots the report is made from ("facilitator" when absent). */
	author: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)))
});
export type ReportRequest = v.InferInput<typeof ReportRequest>;

export const REPORT_STREAM_TYPE = 'application/x-ndjson';

/** How far the report got: steps finished of `total` (one per group, then the assembly). */
export interface ReportProgress {
	done: number;
	total: number;
	/** The group being worked on next, when there is one. */
	group: string | null;
}

/** One line of the streamed answer: progress, then the report (base64) or an error. */
export type ReportStreamLine =
	| ({ type: 'progress' } & ReportProgress)
	| { type: 'report'; filename: string; pdf: string }
	| { type: 'error'; error: string };
