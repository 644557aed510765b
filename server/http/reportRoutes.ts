/**
 * `POST /api/workshops/<id>/report` (facilitator): the PDF workshop report (server/exports/report.ts).
 * Each group's section is made from a snapshot, so the report can be traced back and the board
 * shown as it was: the board's newest one when nothing changed since, else one taken now and
 * named for the report. With
 * `Accept: application/x-ndjson` the answer streams progress lines while it builds and ends with
 * the PDF in base64 (the app's progress bar); otherwise it is the PDF.
 */
import * as Y from 'yjs';
import { REPORT_STREAM_TYPE, ReportRequest, type ReportProgress, type ReportStreamLine } from '../../src/lib/api/exports.js';
import { newId } from '../../src/lib/board/ids.js';
import { formatMoment } from '../../src/lib/components/plan/labels.js';
import { m } from '../../src/lib/paraglide/messages.js';
import { baseLocale } from '../../src/lib/paraglide/runtime.js';
import { inLocale } from '../exports/locale.js';
import { buildReport, type ReportBoard } from '../exports/report.js';
import { SnapshotLimitReached, type ParticipantRecord } from '../store/Store.js';
import { HttpError, parse, readJson, requireFacilitator, safeFilename, type ApiDeps, type Route, type StreamedBody } from './routing.js';

export function reportRoutes(deps: ApiDeps): Route[] {
	const { store, rooms, secret, log } = deps;

	/**
	 * Each group board's state now and the snapshot it is kept in: the board's newest snapshot when
	 * nothing changed since it (a report built twice adds nothing to the list), else a new one named
	 * for the report; none when the board is at its snapshot limit. Participants counted per board.
	 */
	async function snapshotBoards(workshopId: string, author: string, at: number, participants: ParticipantRecord[]): Promise<ReportBoard[]> {
		const boards = (await store.listBoards(workshopId)).filter((board) => !board.removed);
		const result: ReportBoard[] = [];
		for (const board of boards) {
			const room = await rooms.acquire(board.id);
			if (!room) continue;
			const state = await room.encodeState();
			const doc = new Y.Doc();
			Y.applyUpdate(doc, state);
			let snapshot: ReportBoard['snapshot'] = await unchangedSince(board.id, doc);
			if (!snapshot) {
				const taken = { id: newId(), name: m.export_report_snapshot_name({ time: formatMoment(at) }), createdAt: at, createdBy: author, state };
				try {
					await store.addSnapshot(board.id, taken);
					snapshot = { name: taken.name, createdAt: at };
				} catch (error) {
					if (!(error instanceof SnapshotLimitReached)) throw error;
				}
			}
			result.push({ name: board.name, doc, snapshot, readAt: at, participants: participants.filter((p) => p.boardId === board.id).length });
		}
		return result;
	}

	/** The board's newest snapshot when `doc` holds exactly its state (same items, same deletions). */
	async function unchangedSince(boardId: string, doc: Y.Doc): Promise<ReportBoard['snapshot']> {
		const [newest] = await store.listSnapshots(boardId);
		const stored = newest ? await store.getSnapshot(boardId, newest.id) : null;
		if (!stored) return null;
		const then = new Y.Doc();
		Y.applyUpdate(then, stored.state);
		return Y.equalSnapshots(Y.snapshot(then), Y.snapshot(doc)) ? { name: stored.name, createdAt: stored.createdAt } : null;
	}

	return [
		{
			method: 'POST',
			pattern: /^\/api\/workshops\/([A-Za-z0-9_-]{1,64})\/report$/,
			handler: async (req, [workshopId]) => {
				requireFacilitator(req, secret, workshopId, 'make its report');
				const workshop = await store.getWorkshop(workshopId);
				if (!workshop) throw new HttpError(404, 'unknown workshop');
				const body = parse(ReportRequest, await readJson(req));
				const locale = body.lang ?? baseLocale;
				const generatedAt = Date.now();
				const filename = `${safeFilename(workshop.title)}-report.pdf`;

				const build = (onProgress?: (progress: ReportProgress) => void) =>
					inLocale(locale, async () => {
						const participants = await store.listParticipants(workshopId);
						const boards = await snapshotBoards(workshopId, body.author ?? 'facilitator', generatedAt, participants);
						return buildReport(
							{
								workshopTitle: workshop.title,
								workshopCreatedAt: workshop.createdAt,
								generatedAt,
								participants: participants.length,
								labelSet: body.labels,
								boards
							},
							onProgress
						);
					});

				if (!(req.headers.accept ?? '').includes(REPORT_STREAM_TYPE)) {
					return { status: 200, raw: await build(), contentType: 'application/pdf', filename };
				}
				return { status: 200, contentType: `${REPORT_STREAM_TYPE}; charset=utf-8`, stream: streamed(build, filename, (error) => log.error({ err: error, workshopId }, 'workshop report failed')) } satisfies StreamedBody;
			}
		}
	];
}

/** Progress lines as the build reports them, then the report or the error, one JSON per line. */
async function* streamed(
	build: (onProgress: (progress: ReportProgress) => void) => Promise<Uint8Array>,
	filename: string,
	logError: (error: unknown) => void
): AsyncGenerator<string> {
	const lines: ReportStreamLine[] = [];
	let wake: (() => void) | null = null;
	let finished = false;
	const push = (line: ReportStreamLine) => {
		lines.push(line);
		wake?.();
	};
	build((progress) => push({ type: 'progress', ...progress }))
		.then((pdf) => push({ type: 'report', filename, pdf: Buffer.from(pdf).toString('base64') }))
		.catch((error: unknown) => {
			logError(error);
			push({ type: 'error', error: 'the report could not be built' });
		})
		.finally(() => {
			finished = true;
			wake?.();
		});
	for (;;) {
		while (lines.length > 0) yield `${JSON.stringify(lines.shift())}\n`;
		if (finished) return;
		await new Promise<void>((resolve) => (wake = resolve));
		wake = null;
	}
}
