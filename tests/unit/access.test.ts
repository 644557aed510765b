import { describe, expect, it } from 'vitest';
import { canWriteBoard, type BoardAccess } from '../../src/lib/sync/access.js';

const facilitator: BoardAccess = { role: 'facilitator', ownBoardId: null };
const participantOfA: BoardAccess = { role: 'participant', ownBoardId: 'boardAAAAAAAAAAA' };

describe('canWriteBoard', () => {
	it.each([
		// who, board, locked, may write
		['facilitator', facilitator, 'boardAAAAAAAAAAA', false, true],
		['facilitator', facilitator, 'boardAAAAAAAAAAA', true, true],
		['facilitator', facilitator, 'boardBBBBBBBBBBB', false, true],
		['facilitator', facilitator, 'boardBBBBBBBBBBB', true, true],
		['participant on own board', participantOfA, 'boardAAAAAAAAAAA', false, true],
		['participant on own board', participantOfA, 'boardAAAAAAAAAAA', true, false],
		['participant on another board', participantOfA, 'boardBBBBBBBBBBB', false, false],
		['participant on another board', participantOfA, 'boardBBBBBBBBBBB', true, false]
	] as const)('%s (%s, locked=%s) → %s', (_who, access, boardId, locked, expected) => {
		expect(canWriteBoard(access, boardId, locked)).toBe(expected);
	});

	it('a participant without an own board writes nothing', () => {
		expect(canWriteBoard({ role: 'participant', ownBoardId: null }, 'boardAAAAAAAAAAA', false)).toBe(false);
	});

	it('a facilitator with an ownBoardId still writes every board', () => {
		expect(canWriteBoard({ role: 'facilitator', ownBoardId: 'boardAAAAAAAAAAA' }, 'boardBBBBBBBBBBB', true)).toBe(true);
	});
});
