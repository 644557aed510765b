/** Creating workshops and joining them: the records, the initial boards and the tokens. */
import * as Y from 'yjs';
import { newId, newJoinCode, normalizeJoinCode } from '../src/lib/board/ids.js';
import { initBoardDoc } from '../src/lib/board/model.js';
import { applyTemplate, type Template, type TemplateLocale } from '../src/lib/board/templates/index.js';
import type { BoardSummary, CreateWorkshopResponse, JoinInfoResponse, JoinResponse } from '../src/lib/api/types.js';
import { signToken } from './auth/tokens.js';
import { JoinCodeTaken, type BoardRecord, type Store } from './store/Store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export class WorkshopError extends Error {
	constructor(
		readonly status: 400 | 403 | 404,
		message: string
	) {
		super(message);
	}
}

export class Workshops {
	constructor(
		private readonly store: Store,
		private readonly secret: string,
		private readonly tokenTtlDays: number
	) {}

	/** Every group's board starts from the same template (the worked example dated from today). */
	async create(
		title: string,
		groupNames: string[],
		{ template = 'empty', templateLocale = 'en' }: { template?: Template; templateLocale?: TemplateLocale } = {}
	): Promise<CreateWorkshopResponse> {
		const now = Date.now();
		const workshopId = newId();
		const boards: BoardRecord[] = groupNames.map((name) => ({
			id: newId(),
			workshopId,
			name,
			locked: false,
			removed: false,
			createdAt: now
		}));
		const initialStates = new Map(boards.map((board) => [board.id, initialBoardState(board.name, template, templateLocale, now)] as const));
		for (let attempt = 0; ; attempt++) {
			const joinCode = newJoinCode();
			try {
				await this.store.createWorkshop({ id: workshopId, title, joinCode, createdAt: now }, boards, initialStates);
				return {
					workshopId,
					title,
					joinCode,
					facilitatorToken: signToken({ kind: 'facilitator', workshopId, exp: this.expiry() }, this.secret),
					boards: boards.map(summary)
				};
			} catch (error) {
				if (!(error instanceof JoinCodeTaken) || attempt >= 5) throw error;
			}
		}
	}

	/** Removed boards are not offered; an archived workshop takes no one new. */
	async joinInfo(joinCode: string): Promise<JoinInfoResponse> {
		const workshop = await this.store.findWorkshopByJoinCode(normalizeJoinCode(joinCode));
		if (!workshop) throw new WorkshopError(404, 'unknown join code');
		const [boards, state] = await Promise.all([this.store.listBoards(workshop.id), this.store.getWorkshopState(workshop.id)]);
		if (state.archived) throw new WorkshopError(403, 'this workshop is archived');
		return { workshopId: workshop.id, title: workshop.title, boards: boards.filter((board) => !board.removed).map(summary) };
	}

	/**
	 * Adds a group board to an existing workshop: from a template like create(), or with `state`
	 * (a whole board, e.g. a copy) as its initial document. The caller checks the workshop exists.
	 */
	async addBoard(
		workshopId: string,
		name: string,
		from: { template: Template; templateLocale: TemplateLocale } | { state: Uint8Array }
	): Promise<BoardSummary> {
		const now = Date.now();
		const board: BoardRecord = { id: newId(), workshopId, name, locked: false, removed: false, createdAt: now };
		const state = 'state' in from ? from.state : initialBoardState(name, from.template, from.templateLocale, now);
		await this.store.addBoard(board, state);
		return summary(board);
	}

	async join(joinCode: string, name: string, boardId: string): Promise<JoinResponse> {
		const info = await this.joinInfo(joinCode);
		if (!info.boards.some((board) => board.boardId === boardId)) {
			throw new WorkshopError(400, 'boardId is not a group of this workshop');
		}
		const participantId = newId();
		await this.store.addParticipant({ id: participantId, workshopId: info.workshopId, boardId, name, createdAt: Date.now() });
		const participantToken = signToken(
			{ kind: 'participant', workshopId: info.workshopId, participantId, boardId, exp: this.expiry() },
			this.secret
		);
		return { participantToken, workshopId: info.workshopId, boardId };
	}

	private expiry(): number {
		return Date.now() + this.tokenTtlDays * DAY_MS;
	}
}

const summary = (board: BoardRecord): BoardSummary => ({ boardId: board.id, name: board.name });

/** A new board's document: its meta (and template) written once, here, so clients never race to initialise it. */
function initialBoardState(title: string, template: Template, templateLocale: TemplateLocale, now: number): Uint8Array {
	const doc = new Y.Doc();
	initBoardDoc(doc, { title, createdAt: now });
	applyTemplate(doc, template, templateLocale, now);
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}
