/**
 * The browser's calls to the facilitation routes (src/lib/api/workshop.ts has the bodies). Every
 * call throws an Error carrying the server's `{ error }` message when refused, so a UI can show it.
 */
import type { BoardSummary } from './types.js';
import type {
	AddBoardRequest,
	CastVoteRequest,
	MeResponse,
	MyVotesResponse,
	ParticipantsResponse,
	PresentRequest,
	TimerRequest,
	UpdateBoardRequest,
	VoteProgressResponse,
	VoteRequest,
	WorkshopDetailsResponse,
	WorkshopState
} from './workshop.js';

async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, token: string, body?: unknown): Promise<T> {
	const response = await fetch(path, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!response.ok) {
		const error = (await response.json().catch(() => null)) as { error?: string; problems?: unknown } | null;
		const problems = Array.isArray(error?.problems) ? error.problems.filter((p): p is string => typeof p === 'string') : [];
		// The message shown for a refusal names the first problems too (the console shows only the message).
		const summary = error?.error ?? `HTTP ${response.status}`;
		const message = problems.length > 0 ? `${summary}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}` : summary;
		throw new ApiError(response.status, message, problems);
	}
	return (response.status === 204 ? undefined : await response.json()) as T;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** What the server listed besides `error` (a refused board import: every problem of the file, in English). */
		readonly problems: string[] = []
	) {
		super(message);
	}
}

const workshop = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;
const board = (id: string) => `/api/boards/${encodeURIComponent(id)}`;

export const workshopApi = {
	info: (workshopId: string, token: string) => call<WorkshopDetailsResponse>('GET', workshop(workshopId), token),
	/** Who this token is now: a moved participant's new group. */
	me: (workshopId: string, token: string) => call<MeResponse>('GET', `${workshop(workshopId)}/me`, token),
	state: (workshopId: string, token: string) => call<WorkshopState>('GET', `${workshop(workshopId)}/state`, token),
	timer: (workshopId: string, token: string, body: TimerRequest) => call<WorkshopState>('POST', `${workshop(workshopId)}/timer`, token, body),
	present: (workshopId: string, token: string, body: PresentRequest) => call<WorkshopState>('POST', `${workshop(workshopId)}/present`, token, body),
	gallery: (workshopId: string, token: string, open: boolean) => call<WorkshopState>('POST', `${workshop(workshopId)}/gallery`, token, { open }),
	lockAll: (workshopId: string, token: string, locked: boolean) => call<{ locked: boolean }>('POST', `${workshop(workshopId)}/lock`, token, { locked }),
	archive: (workshopId: string, token: string, archived: boolean) => call<WorkshopState>('POST', `${workshop(workshopId)}/archive`, token, { archived }),
	/** Irreversible: the workshop and all its boards are gone. */
	delete: (workshopId: string, token: string) => call<void>('DELETE', workshop(workshopId), token),
	participants: (workshopId: string, token: string) => call<ParticipantsResponse>('GET', `${workshop(workshopId)}/participants`, token),
	moveParticipant: (workshopId: string, token: string, participantId: string, boardId: string) =>
		call<{ participantId: string; boardId: string }>('POST', `${workshop(workshopId)}/participants/${encodeURIComponent(participantId)}/move`, token, { boardId }),
	/** With `fromExport`, a refused file throws an ApiError whose `problems` lists what is wrong with it. */
	addBoard: (workshopId: string, token: string, body: AddBoardRequest) => call<BoardSummary>('POST', `${workshop(workshopId)}/boards`, token, body),
	updateBoard: (boardId: string, token: string, body: UpdateBoardRequest) => call<BoardSummary & { removed: boolean }>('PATCH', board(boardId), token, body),
	vote: (workshopId: string, token: string, body: VoteRequest) => call<WorkshopState>('POST', `${workshop(workshopId)}/vote`, token, body),
	/** Facilitator: how many dots were cast in the current vote (not where). (Added by VOTES.) */
	voteProgress: (workshopId: string, token: string) => call<VoteProgressResponse>('GET', `${workshop(workshopId)}/vote`, token),
	/** Participant: this participant's dots in the open vote. */
	myVotes: (workshopId: string, token: string) => call<MyVotesResponse>('GET', `${workshop(workshopId)}/vote/mine`, token),
	/** Participant: sets own dots on one item of a board. */
	castVote: (boardId: string, token: string, body: CastVoteRequest) => call<MyVotesResponse>('POST', `${board(boardId)}/votes`, token, body)
};
