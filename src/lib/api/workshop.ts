/**
 * The live state of a workshop (issue 6: timer, presenting, gallery walk, dot vote, archive) and
 * the request bodies of the facilitator routes that change it. One copy for server and client.
 *
 * The state is kept by the store per workshop (Store.getWorkshopState / patchWorkshopState), sent to
 * every socket.io connection of the workshop in `hello` order (`workshop` event right after `hello`)
 * and again on every change. Only facilitators change it, through the HTTP API.
 */
import * as v from 'valibot';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH, type WorkshopInfoResponse } from './types.js';
import { TEMPLATE_LOCALES, TEMPLATES } from '../board/templates/kinds.js';

export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;
export const MAX_DOTS = 20;

/**
 * A countdown. Running: it ends at `endsAt` (server clock, ms since epoch); clients show
 * `endsAt - serverNow` where serverNow = Date.now() + offset learnt from hello.serverTime.
 * Paused or reset: `remainingMs` is what is left. `scope` is 'all' or one board id (one group).
 * `startedAt` changes on every start, so the zero signal fires once per run.
 */
export interface TimerState {
	scope: string;
	durationMs: number;
	running: boolean;
	endsAt: number | null;
	remainingMs: number;
	startedAt: number | null;
}

/**
 * What the facilitator presents. `followers`: 'none' = presenting without pulling anyone,
 * 'group' = the members of the presented board's group follow, 'all' = everyone follows
 * ("bring everyone here"). Following participants may read the presented board even when the
 * gallery walk is closed.
 */
export interface PresentState {
	boardId: string | null;
	view: string;
	layout: string | null;
	followers: 'none' | 'group' | 'all';
	by: string;
	/** Server ms when this presentation started (a new value = participants rejoin). */
	since: number;
}

export interface GalleryState {
	/** While open, participants may read (never write) every group's board. */
	open: boolean;
}

export const VOTE_TARGETS = ['stakeholders', 'actions', 'both'] as const;
export type VoteTargets = (typeof VOTE_TARGETS)[number];

/**
 * A dot vote. Votes are cast through `POST /api/boards/<id>/votes` and stay on the server until
 * the facilitator reveals: then the totals are written into each board's `votes` map (format v1).
 */
export interface VoteState {
	id: string;
	targets: VoteTargets;
	dots: number;
	state: 'open' | 'revealed' | 'closed';
	openedAt: number;
}

export interface WorkshopState {
	timer: TimerState | null;
	present: PresentState | null;
	gallery: GalleryState;
	vote: VoteState | null;
	/** Archived: joining is refused and every board is read-only for participants. */
	archived: boolean;
}

export const EMPTY_WORKSHOP_STATE: WorkshopState = { timer: null, present: null, gallery: { open: false }, vote: null, archived: false };

/** The facilitator's viewport and laser pointer while presenting: volatile, relayed, never stored. */
export interface PresenterFrame {
	boardId: string;
	view: string;
	/**
	 * Map viewport in world coordinates: x, y of the top-left corner, zoom factor, and (added so a
	 * phone can follow a projector) the visible width and height in world units — followers fit that
	 * area to their own screen; without them they take the corner and zoom as they are.
	 */
	viewport: { x: number; y: number; zoom: number; width?: number; height?: number } | null;
	/** Laser pointer in world coordinates; null when off the board. */
	pointer: { x: number; y: number } | null;
}

// ── request bodies (facilitator routes unless noted) ──

const boardIdField = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a board id'));
const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));

/** POST /api/workshops/<id>/timer */
export const TimerRequest = v.variant('action', [
	v.object({
		action: v.literal('start'),
		/** Omitted: resume a paused timer (or restart the last duration). */
		durationMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(MAX_TIMER_MS))),
		scope: v.optional(v.union([v.literal('all'), boardIdField]), 'all')
	}),
	v.object({ action: v.literal('pause') }),
	v.object({ action: v.literal('reset') }),
	v.object({ action: v.literal('clear') })
]);
export type TimerRequest = v.InferInput<typeof TimerRequest>;

/** POST /api/workshops/<id>/present — boardId null stops presenting. */
export const PresentRequest = v.object({
	boardId: v.nullable(boardIdField),
	view: v.optional(v.picklist(['map', 'grid', 'list', 'plan', 'notes']), 'map'),
	layout: v.optional(v.nullable(v.picklist(['table', 'board', 'timeline'])), null),
	followers: v.optional(v.picklist(['none', 'group', 'all']), 'group'),
	by: v.optional(trimmed(MAX_NAME_LENGTH), 'Facilitator')
});
export type PresentRequest = v.InferInput<typeof PresentRequest>;

/** POST /api/workshops/<id>/gallery */
export const GalleryRequest = v.object({ open: v.boolean() });
/** POST /api/workshops/<id>/lock — every board of the workshop at once. */
export const LockAllRequest = v.object({ locked: v.boolean() });
/** POST /api/workshops/<id>/archive */
export const ArchiveRequest = v.object({ archived: v.boolean() });

/** POST /api/workshops/<id>/vote */
export const VoteRequest = v.variant('action', [
	v.object({
		action: v.literal('open'),
		dots: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_DOTS)),
		targets: v.optional(v.picklist(VOTE_TARGETS), 'both')
	}),
	v.object({ action: v.literal('reveal') }),
	v.object({ action: v.literal('close') })
]);
export type VoteRequest = v.InferInput<typeof VoteRequest>;

/** POST /api/boards/<id>/votes (participant): this participant's dots on one item of the board. */
export const CastVoteRequest = v.object({
	targetId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a stakeholder or action id')),
	count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DOTS))
});
export type CastVoteRequest = v.InferInput<typeof CastVoteRequest>;

/** A participant's own dots in the open vote: answer of POST /api/boards/<id>/votes and GET /api/workshops/<id>/vote/mine. */
export interface MyVotesResponse {
	voteId: string;
	dots: number;
	used: number;
	/** `${boardId}:${targetId}` → dots */
	mine: Record<string, number>;
}

/** GET /api/workshops/<id>/vote (facilitator): how far the vote got, never who voted for what. (Added by VOTES.) */
export interface VoteProgressResponse {
	voteId: string | null;
	/** Participants with at least one dot. */
	voters: number;
	dotsCast: number;
}

/**
 * The largest body of POST /api/workshops/<id>/boards (a board's JSON export travels in it; a
 * 2,000-stakeholder board is ~2 MB), and so the largest file the console imports.
 */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/**
 * POST /api/workshops/<id>/boards: a new group board, empty, from a template, a copy of a board of
 * any workshop the caller facilitates, or from a board's JSON export — one source at a time.
 */
export const AddBoardRequest = v.pipe(
	v.object({
		/** Required, except with fromExport: then the file's `meta.title` when left out. */
		name: v.optional(trimmed(MAX_TITLE_LENGTH)),
		/** 'empty' when no source is given. */
		template: v.optional(v.picklist(TEMPLATES)),
		templateLocale: v.optional(v.picklist(TEMPLATE_LOCALES), 'en'),
		/** Copy this board (its current state, votes left out) instead; `token` is a facilitator token of its workshop. */
		copyFrom: v.optional(v.object({ boardId: boardIdField, token: v.pipe(v.string(), v.maxLength(2048)) })),
		/**
		 * A board's JSON export (`{ format: "helixboard-board", version: 1, board }`, see
		 * src/lib/board/json.ts): checked by checkBoardExport, every problem answered at once; its
		 * votes and lock are not imported.
		 */
		fromExport: v.optional(v.unknown())
	}),
	v.check(
		(body) => [body.template, body.copyFrom, body.fromExport].filter((source) => source !== undefined).length <= 1,
		'give one source at most: template, copyFrom or fromExport'
	),
	v.check((body) => body.name !== undefined || body.fromExport !== undefined, 'name: must not be empty')
);
export type AddBoardRequest = v.InferInput<typeof AddBoardRequest>;

/** The 400 answer of POST /api/workshops/<id>/boards for a file that cannot be imported: `problems` lists them (English; the last may be "and N more"). */
export interface ImportRefusal {
	error: string;
	problems: string[];
}

/** PATCH /api/boards/<id>: rename, or remove (hidden from joining and the console; kept, restorable). */
export const UpdateBoardRequest = v.pipe(
	v.object({ name: v.optional(trimmed(MAX_TITLE_LENGTH)), removed: v.optional(v.boolean()) }),
	v.check((r) => r.name !== undefined || r.removed !== undefined, 'give a name or removed')
);
export type UpdateBoardRequest = v.InferInput<typeof UpdateBoardRequest>;

/** POST /api/workshops/<id>/participants/<participantId>/move */
export const MoveParticipantRequest = v.object({ boardId: boardIdField });

export interface ParticipantSummary {
	participantId: string;
	name: string;
	boardId: string;
	createdAt: number;
}

/** GET /api/workshops/<id>/participants (facilitator) */
export interface ParticipantsResponse {
	participants: ParticipantSummary[];
}

/** A board as the facilitator sees it (GET /api/workshops/<id> `boards` and `removedBoards`). */
export interface FacilitatorBoardSummary {
	boardId: string;
	name: string;
	locked: boolean;
}

/** `GET /api/workshops/<id>` (facilitator): WorkshopInfoResponse extended compatibly for the console. */
export interface WorkshopDetailsResponse extends WorkshopInfoResponse {
	boards: FacilitatorBoardSummary[];
	removedBoards: FacilitatorBoardSummary[];
	state: WorkshopState;
}

/** `GET /api/workshops/<id>/me` (any member): the caller as the server has them now (a move changes boardId). */
export interface MeResponse {
	role: 'facilitator' | 'participant';
	participantId: string | null;
	name: string | null;
	boardId: string | null;
}
