/**
 * The facilitator's routes of a workshop (issue 6): its live state (timer, presenting, gallery
 * walk, archive; the hub spreads every change to the connections), lock all, delete, its
 * participants and its group boards. The vote routes are in voteRoutes.ts.
 *
 * Order of checks on every facilitator route: the token (401 none or bad, 403 a participant's or
 * another workshop's), then the ids in the path (404), then the body (400). A refused request
 * changes nothing.
 */
import * as Y from 'yjs';
import { MAX_GROUPS, MAX_TITLE_LENGTH } from '../../src/lib/api/types.js';
import {
	AddBoardRequest,
	ArchiveRequest,
	GalleryRequest,
	LockAllRequest,
	MAX_IMPORT_BYTES,
	MoveParticipantRequest,
	PresentRequest,
	TimerRequest,
	UpdateBoardRequest,
	type FacilitatorBoardSummary,
	type ImportRefusal,
	type ParticipantsResponse,
	type TimerState,
	type MeResponse,
	type WorkshopDetailsResponse,
	type WorkshopState
} from '../../src/lib/api/workshop.js';
import { collection, initBoardDoc } from '../../src/lib/board/doc.js';
import { checkBoardExport, importedBoard, problemLines, problemSummary } from '../../src/lib/board/json.js';
import { restoreBoard } from '../../src/lib/board/restore.js';
import { verifyToken } from '../auth/tokens.js';
import type { BoardRecord, WorkshopRecord } from '../store/Store.js';
import { HttpError, ID_PATTERN, parse, readJson, requireFacilitator, requireMember, requireToken, type ApiDeps, type Route } from './routing.js';

const WORKSHOP = '/api/workshops/([A-Za-z0-9_-]{1,64})';

/** GET /api/workshops/<id>: the original fields, plus (compatible additions) each board's lock, the removed boards and the live state. */
export function workshopRoutes(deps: ApiDeps): Route[] {
	const { store, hub, rooms, secret } = deps;

	/** The workshop, once the request's token is a facilitator token of it. */
	async function facilitated(req: Parameters<Route['handler']>[0], workshopId: string, what: string): Promise<WorkshopRecord> {
		requireFacilitator(req, secret, workshopId, what);
		const workshop = await store.getWorkshop(workshopId);
		if (!workshop) throw new HttpError(404, 'unknown workshop');
		return workshop;
	}

	/** A board the workshop's participants can use now (not removed); 400 for anything else. */
	async function groupBoard(workshopId: string, boardId: string, field: string): Promise<BoardRecord> {
		const board = await store.getBoard(boardId);
		if (!board || board.workshopId !== workshopId || board.removed) throw new HttpError(400, `${field}: not a board of this workshop`);
		return board;
	}

	/** Locks or unlocks every board of the workshop that is not removed, like POST /api/boards/<id>/lock does for one. */
	async function lockAll(workshopId: string, locked: boolean): Promise<void> {
		const boards = (await store.listBoards(workshopId)).filter((board) => !board.removed);
		await Promise.all(
			boards.map(async (board) => {
				await store.setBoardLocked(board.id, locked);
				const room = await rooms.acquire(board.id);
				await room?.setLocked(locked);
			})
		);
	}

	/** A board added to (or brought back into) an archived workshop is locked like the others. */
	async function lockIfArchived(workshopId: string, boardId: string): Promise<void> {
		if (!(await hub.state(workshopId)).archived) return;
		await store.setBoardLocked(boardId, true);
		const room = await rooms.acquire(boardId);
		await room?.setLocked(true);
	}

	const boardSummary = (board: BoardRecord): FacilitatorBoardSummary => ({ boardId: board.id, name: board.name, locked: board.locked });

	return [
		{
			// A facilitator's view of their workshop: what a co-facilitator link and the console need.
			method: 'GET',
			pattern: new RegExp(`^${WORKSHOP}$`),
			handler: async (req, [workshopId]) => {
				const workshop = await facilitated(req, workshopId, 'read it');
				const [boards, state] = await Promise.all([store.listBoards(workshopId), hub.state(workshopId)]);
				const body: WorkshopDetailsResponse = {
					workshopId,
					title: workshop.title,
					joinCode: workshop.joinCode,
					boards: boards.filter((board) => !board.removed).map(boardSummary),
					removedBoards: boards.filter((board) => board.removed).map(boardSummary),
					state
				};
				return { status: 200, body };
			}
		},
		{
			// Irreversible. The rooms go first without writing anything back, then the store forgets the
			// workshop, then every connection of it (on every instance) is ended.
			method: 'DELETE',
			pattern: new RegExp(`^${WORKSHOP}$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'delete it');
				await rooms.discardWorkshop(workshopId);
				await store.deleteWorkshop(workshopId);
				await hub.workshopDeleted(workshopId);
				return { status: 204, body: undefined };
			}
		},
		{
			// Any member: who the token is now. A moved participant's page asks here for their new group
			// (their old board, another group's now, may refuse them, so no `hello` can tell them).
			method: 'GET',
			pattern: new RegExp(`^${WORKSHOP}/me$`),
			handler: async (req, [workshopId]) => {
				const claims = requireMember(req, secret, workshopId);
				if (claims.kind === 'facilitator') return { status: 200, body: { role: 'facilitator', participantId: null, name: null, boardId: null } satisfies MeResponse };
				const participant = await store.getParticipant(claims.participantId);
				if (!participant || participant.workshopId !== workshopId) throw new HttpError(404, 'unknown participant');
				const body: MeResponse = { role: 'participant', participantId: participant.id, name: participant.name, boardId: participant.boardId };
				return { status: 200, body };
			}
		},
		{
			// Any member: the app reads it on its own too (the `workshop` socket event carries the same).
			method: 'GET',
			pattern: new RegExp(`^${WORKSHOP}/state$`),
			handler: async (req, [workshopId]) => {
				requireMember(req, secret, workshopId);
				if (!(await store.getWorkshop(workshopId))) throw new HttpError(404, 'unknown workshop');
				return { status: 200, body: await hub.state(workshopId) };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/timer$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'run the timer');
				const raw = await readJson(req);
				const body = parse(TimerRequest, raw);
				const { timer } = await hub.state(workshopId);
				const now = Date.now();
				let next: TimerState | null;
				switch (body.action) {
					case 'start': {
						// Without a duration: resume what a pause left, or run the last duration again.
						const paused = timer && !timer.running && timer.remainingMs > 0 ? timer.remainingMs : null;
						const runMs = body.durationMs ?? paused ?? timer?.durationMs;
						if (runMs === undefined) throw new HttpError(400, 'durationMs: required when no timer was set before');
						const scopeGiven = typeof raw === 'object' && raw !== null && 'scope' in raw;
						const scope = scopeGiven || !timer ? body.scope : timer.scope;
						if (scope !== 'all') await groupBoard(workshopId, scope, 'scope');
						next = {
							scope,
							durationMs: body.durationMs ?? timer?.durationMs ?? runMs,
							running: true,
							endsAt: now + runMs,
							remainingMs: runMs,
							startedAt: now
						};
						break;
					}
					case 'pause':
						if (!timer) throw new HttpError(409, 'there is no timer to pause');
						next = timer.running ? { ...timer, running: false, endsAt: null, remainingMs: Math.max(0, (timer.endsAt ?? now) - now) } : timer;
						break;
					case 'reset':
						if (!timer) throw new HttpError(409, 'there is no timer to reset');
						next = { ...timer, running: false, endsAt: null, remainingMs: timer.durationMs, startedAt: null };
						break;
					case 'clear':
						next = null;
						break;
				}
				return { status: 200, body: await hub.update(workshopId, { timer: next }) };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/present$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'present');
				const body = parse(PresentRequest, await readJson(req));
				if (body.boardId === null) return { status: 200, body: await hub.update(workshopId, { present: null }) };
				await groupBoard(workshopId, body.boardId, 'boardId');
				const present = { boardId: body.boardId, view: body.view, layout: body.layout, followers: body.followers, by: body.by, since: Date.now() };
				return { status: 200, body: await hub.update(workshopId, { present }) };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/gallery$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'open or close the gallery walk');
				const { open } = parse(GalleryRequest, await readJson(req));
				return { status: 200, body: await hub.update(workshopId, { gallery: { open } }) };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/lock$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'lock boards');
				const { locked } = parse(LockAllRequest, await readJson(req));
				await lockAll(workshopId, locked);
				return { status: 200, body: { locked } };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/archive$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'archive it');
				const { archived } = parse(ArchiveRequest, await readJson(req));
				// Locked before the state says archived, so no client sees "archived" while it can still write.
				await lockAll(workshopId, archived);
				return { status: 200, body: await hub.update(workshopId, { archived }) };
			}
		},
		{
			method: 'GET',
			pattern: new RegExp(`^${WORKSHOP}/participants$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'list its participants');
				const body: ParticipantsResponse = {
					participants: (await store.listParticipants(workshopId)).map((p) => ({ participantId: p.id, name: p.name, boardId: p.boardId, createdAt: p.createdAt }))
				};
				return { status: 200, body };
			}
		},
		{
			// The participant's token stays valid: access follows the store (server/auth/access.ts), and
			// their open connections end with `moved` so they reconnect to the new group.
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/participants/([^/]*)/move$`),
			handler: async (req, [workshopId, participantId]) => {
				await facilitated(req, workshopId, 'move participants');
				const participant = ID_PATTERN.test(participantId) ? await store.getParticipant(participantId) : null;
				if (!participant || participant.workshopId !== workshopId) throw new HttpError(404, 'unknown participant');
				const { boardId } = parse(MoveParticipantRequest, await readJson(req));
				await groupBoard(workshopId, boardId, 'boardId');
				if (participant.boardId !== boardId) {
					await store.moveParticipant(participant.id, boardId);
					await hub.participantMoved(workshopId, participant.id);
				}
				return { status: 200, body: { participantId: participant.id, boardId } };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^${WORKSHOP}/boards$`),
			handler: async (req, [workshopId]) => {
				await facilitated(req, workshopId, 'add boards');
				// A board's JSON export may travel in the body: a larger limit than other routes'.
				const body = parse(AddBoardRequest, await readJson(req, MAX_IMPORT_BYTES));
				// A file that cannot be imported is refused with all its problems, before anything else is looked at.
				const imported = body.fromExport === undefined ? null : checkBoardExport(body.fromExport);
				if (imported && !imported.ok) {
					const refusal: ImportRefusal = { error: problemSummary(imported), problems: problemLines(imported) };
					return { status: 400, body: refusal };
				}
				const inUse = (await store.listBoards(workshopId)).filter((board) => !board.removed).length;
				if (inUse >= MAX_GROUPS) throw new HttpError(409, `a workshop has at most ${MAX_GROUPS} group boards; remove one first`);
				let added;
				if (imported?.export) {
					const name = body.name ?? imported.title?.slice(0, MAX_TITLE_LENGTH).trim();
					if (!name) throw new HttpError(400, 'name: must not be empty (the file has no title)');
					const doc = importedBoard(imported.export, { title: name, now: Date.now() });
					const state = Y.encodeStateAsUpdate(doc);
					doc.destroy();
					added = await deps.workshops.addBoard(workshopId, name, { state });
				} else if (body.copyFrom) {
					const name = body.name!; // required without fromExport (AddBoardRequest)
					// Copying reads another board: the caller must facilitate the workshop it belongs to.
					const source = await sourceBoard(body.copyFrom.boardId, body.copyFrom.token);
					const room = await rooms.acquire(source.id);
					if (!room) throw new HttpError(404, 'copyFrom.boardId: unknown board');
					const state = copyOfBoard(await room.encodeState(), name);
					added = await deps.workshops.addBoard(workshopId, name, { state });
				} else {
					added = await deps.workshops.addBoard(workshopId, body.name!, { template: body.template ?? 'empty', templateLocale: body.templateLocale });
				}
				await lockIfArchived(workshopId, added.boardId);
				return { status: 201, body: added };
			}
		},
		{
			method: 'PATCH',
			pattern: /^\/api\/boards\/([^/]*)$/,
			handler: async (req, [boardId]) => {
				requireToken(req, secret);
				const board = ID_PATTERN.test(boardId) ? await store.getBoard(boardId) : null;
				if (!board) throw new HttpError(404, 'unknown board');
				requireFacilitator(req, secret, board.workshopId, 'rename or remove its boards');
				const change = parse(UpdateBoardRequest, await readJson(req));
				await store.updateBoard(board.id, change);
				if (change.removed === false && board.removed) await lockIfArchived(board.workshopId, board.id);
				if (change.name !== undefined) {
					// The title shown on the board itself: a server-made change, stored and sent like any edit.
					const room = await rooms.acquire(board.id);
					await room?.setTitle(change.name);
				}
				return { status: 200, body: { boardId: board.id, name: change.name ?? board.name, removed: change.removed ?? board.removed } };
			}
		}
	];

	async function sourceBoard(boardId: string, token: string): Promise<BoardRecord> {
		const claims = verifyToken(token, secret);
		if (!claims || claims.kind !== 'facilitator') throw new HttpError(403, 'copyFrom.token: not a facilitator token');
		const source = await store.getBoard(boardId);
		if (!source) throw new HttpError(404, 'copyFrom.boardId: unknown board');
		if (source.workshopId !== claims.workshopId) throw new HttpError(403, 'copyFrom.token: not a facilitator token of that board’s workshop');
		return source;
	}
}

/**
 * A new board's document holding `source`'s content (every collection but meta, as a snapshot
 * restore does) without its votes, under its own title, unlocked. Built on a fresh document, so
 * the copy carries none of the source's history.
 */
function copyOfBoard(source: Uint8Array, title: string): Uint8Array {
	const from = new Y.Doc();
	const copy = new Y.Doc();
	try {
		Y.applyUpdate(from, source);
		initBoardDoc(copy, { title, createdAt: Date.now() });
		restoreBoard(copy, from);
		collection(copy, 'votes').clear();
		return Y.encodeStateAsUpdate(copy);
	} finally {
		from.destroy();
		copy.destroy();
	}
}
