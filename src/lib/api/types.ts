/** Request and response bodies of the HTTP API (the contract in DESIGN.md). */
import * as v from 'valibot';
import { TEMPLATE_LOCALES, TEMPLATES } from '../board/templates/kinds.js';

export const MAX_GROUPS = 20;
export const MAX_TITLE_LENGTH = 200;
export const MAX_NAME_LENGTH = 80;

const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));

export const CreateWorkshopRequest = v.pipe(
	v.object({
		title: trimmed(MAX_TITLE_LENGTH),
		groups: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_GROUPS)),
		/** Extension of the contract: names for the group boards, e.g. in the facilitator's language. */
		groupNames: v.optional(v.array(trimmed(MAX_TITLE_LENGTH))),
		/** Extension of the contract: what every group's board starts from; the worked example in which language. */
		template: v.optional(v.picklist(TEMPLATES, `must be one of: ${TEMPLATES.join(', ')}`), 'empty'),
		templateLocale: v.optional(v.picklist(TEMPLATE_LOCALES, `must be one of: ${TEMPLATE_LOCALES.join(', ')}`), 'en')
	}),
	v.check((r) => !r.groupNames || r.groupNames.length === r.groups, 'groupNames must have one name per group')
);
export type CreateWorkshopRequest = v.InferInput<typeof CreateWorkshopRequest>;

export const JoinRequest = v.object({
	joinCode: v.pipe(v.string(), v.maxLength(32)),
	name: trimmed(MAX_NAME_LENGTH),
	boardId: v.pipe(v.string(), v.maxLength(64))
});
export type JoinRequest = v.InferInput<typeof JoinRequest>;

export const LockRequest = v.object({ locked: v.boolean() });
export type LockRequest = v.InferInput<typeof LockRequest>;

export interface BoardSummary {
	boardId: string;
	name: string;
}

export interface CreateWorkshopResponse {
	workshopId: string;
	title: string;
	joinCode: string;
	facilitatorToken: string;
	boards: BoardSummary[];
}

export interface JoinInfoResponse {
	workshopId: string;
	title: string;
	boards: BoardSummary[];
}

/** `GET /api/workshops/<workshopId>` (facilitator token): what a co-facilitator's device saves. */
export interface WorkshopInfoResponse {
	workshopId: string;
	title: string;
	joinCode: string;
	boards: BoardSummary[];
}

export interface JoinResponse {
	participantToken: string;
	workshopId: string;
	boardId: string;
}

export interface LockResponse {
	locked: boolean;
}

export interface ErrorResponse {
	error: string;
}
