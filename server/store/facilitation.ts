/**
 * What SqliteStore and RedisStore share for the facilitation methods of the Store (issue 6): how
 * the workshop state is kept (one JSON value per top-level section) and the guard of castVote.
 */
import { EMPTY_WORKSHOP_STATE, type WorkshopState } from '../../src/lib/api/workshop.js';

type Section = keyof WorkshopState;
const SECTIONS = Object.keys(EMPTY_WORKSHOP_STATE) as Section[];

/**
 * The sections a patch replaces, as [section, JSON] pairs. A section given as undefined is left
 * alone (Partial allows it); an unknown section throws, rather than being dropped without a word.
 */
export function workshopStatePatch(patch: Partial<WorkshopState>): [Section, string][] {
	const sections: [Section, string][] = [];
	for (const [section, value] of Object.entries(patch)) {
		if (!SECTIONS.includes(section as Section)) throw new TypeError(`unknown workshop state section ${section}`);
		if (value !== undefined) sections.push([section as Section, JSON.stringify(value)]);
	}
	return sections;
}

/**
 * The whole state from the stored sections: EMPTY_WORKSHOP_STATE's values (fresh copies, so no
 * caller can change the constant) for what was never set. Sections this version does not know
 * (written by a newer server) are ignored.
 */
export function mergeWorkshopState(stored: Iterable<[string, string]>): WorkshopState {
	const state = structuredClone(EMPTY_WORKSHOP_STATE) as Record<Section, unknown>;
	for (const [section, json] of stored) {
		if (SECTIONS.includes(section as Section)) state[section as Section] = JSON.parse(json);
	}
	return state as WorkshopState;
}

/**
 * Throws unless castVote's numbers are dot counts and the participant id cannot be confused with
 * the separator RedisStore uses in its vote fields (`<participantId>|<key>`).
 */
export function assertVote(participantId: string, count: number, maxDots: number): void {
	if (!participantId || participantId.includes('|')) throw new RangeError('a participant id must be non-empty and have no "|"');
	if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`a vote count must be a non-negative integer, got ${count}`);
	if (!Number.isSafeInteger(maxDots) || maxDots < 0) throw new RangeError(`maxDots must be a non-negative integer, got ${maxDots}`);
}
