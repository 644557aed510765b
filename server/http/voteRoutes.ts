/**
 * The dot-vote routes of the HTTP API (api.ts conventions: `{ error }` 4xx bodies, Bearer token;
 * no or a bad token 401, wrong role or workshop 403). What they do is server/workshop/votes.ts.
 *
 *   POST /api/workshops/<id>/vote  VoteRequest → WorkshopState   facilitator: open, reveal, close
 *   GET  /api/workshops/<id>/vote  → VoteProgressResponse         facilitator: dots cast so far
 *   GET  /api/workshops/<id>/vote/mine → MyVotesResponse           participant: own dots
 *   POST /api/boards/<id>/votes  CastVoteRequest → MyVotesResponse participant: set own dots on an item
 */
import { CastVoteRequest, VoteRequest } from '../../src/lib/api/workshop.js';
import { castVote, closeVote, openVote, ownVotes, revealVote, VoteError, voteProgress } from '../workshop/votes.js';
import { authorizeBoardRequest, HttpError, parse, readJson, requireFacilitator, requireMember, type ApiDeps, type Route } from './routing.js';

const ID = '([A-Za-z0-9_-]{1,64})';

export function voteRoutes(deps: ApiDeps): Route[] {
	return [
		{
			method: 'POST',
			pattern: new RegExp(`^/api/workshops/${ID}/vote$`),
			handler: async (req, [workshopId]) => {
				requireFacilitator(req, deps.secret, workshopId, 'run votes');
				if (!(await deps.store.getWorkshop(workshopId))) throw new HttpError(404, 'unknown workshop');
				const body = parse(VoteRequest, await readJson(req));
				const state = await refusalsAsHttp(() =>
					body.action === 'open'
						? openVote(deps, workshopId, { dots: body.dots, targets: body.targets })
						: body.action === 'reveal'
							? revealVote(deps, workshopId)
							: closeVote(deps, workshopId)
				);
				return { status: 200, body: state };
			}
		},
		{
			method: 'GET',
			pattern: new RegExp(`^/api/workshops/${ID}/vote$`),
			handler: async (req, [workshopId]) => {
				requireFacilitator(req, deps.secret, workshopId, 'see how a vote goes');
				return { status: 200, body: await voteProgress(deps, workshopId) };
			}
		},
		{
			method: 'GET',
			pattern: new RegExp(`^/api/workshops/${ID}/vote/mine$`),
			handler: async (req, [workshopId]) => {
				const claims = requireMember(req, deps.secret, workshopId);
				if (claims.kind !== 'participant') throw new HttpError(403, FACILITATORS_DO_NOT_VOTE);
				return { status: 200, body: await refusalsAsHttp(() => ownVotes(deps, workshopId, claims.participantId)) };
			}
		},
		{
			method: 'POST',
			pattern: new RegExp(`^/api/boards/${ID}/votes$`),
			handler: async (req, [boardId]) => {
				const { access } = await authorizeBoardRequest(deps, req, boardId);
				const { participantId } = access;
				if (participantId === null) throw new HttpError(403, FACILITATORS_DO_NOT_VOTE);
				const body = parse(CastVoteRequest, await readJson(req));
				return { status: 200, body: await refusalsAsHttp(() => castVote(deps, { ...access, participantId }, boardId, body)) };
			}
		}
	];
}

const FACILITATORS_DO_NOT_VOTE = 'facilitators run votes; only participants place dots';

async function refusalsAsHttp<T>(operation: () => Promise<T>): Promise<T> {
	try {
		return await operation();
	} catch (error) {
		if (error instanceof VoteError) throw new HttpError(error.status, error.message);
		throw error;
	}
}
