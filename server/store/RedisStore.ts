/**
 * The shared store (REDIS_URL set): every instance reads and writes the same workshops, boards
 * and update logs in one Redis. Layout and choices: docs/decisions/005-redis-store-layout.md.
 *
 *   hb:workshop:<id>             hash   id, title, joinCode, createdAt
 *   hb:joincode:<CODE>           string workshop id (claimed with SET NX)
 *   hb:workshop:<id>:boards      list   board ids in creation order (removed boards stay in it)
 *   hb:workshop:<id>:participants zset  participant ids, score createdAt (ties: by id)
 *   hb:workshop:<id>:state       hash   WorkshopState section (timer, present, ...) → JSON
 *   hb:workshop:<id>:votes       set    ids of the workshop's votes that ever had a dot
 *   hb:workshop:<id>:vote:<vid>  hash   `<participantId>|<boardId>:<targetId>` → dots (no zeros)
 *   hb:board:<id>                hash   id, workshopId, name, locked (0|1), removed (0|1), createdAt
 *   hb:participant:<id>          hash   id, workshopId, boardId, name, createdAt
 *   hb:board:<id>:seq            string last sequence number given out (INCR; never reset)
 *   hb:board:<id>:log            stream entries `<seq>-0` { d: update bytes, t: ms timestamp }
 *   hb:board:<id>:snapshot       string snapshot bytes
 *   hb:board:<id>:snapshot-seq   string last seq the snapshot contains (exists iff the snapshot does)
 *   hb:board:<id>:checkpoints    zset   checkpoint times (member = score = ms)
 *   hb:board:<id>:checkpoint-states hash  ms → whole board state at that time
 *   hb:board:<id>:named-snapshots list   named snapshot ids, oldest first (never thinned)
 *   hb:board:<id>:named-snapshot:<sid> hash id, name, createdAt, createdBy, state
 *   hb:secret                    string the token signing key shared by all instances
 *   hb:layout                    string layout version of the data (2: participants indexed per
 *                                       workshop); connect() brings older data up to it once
 *
 * A board hash without `removed` (written before version 2) is a board in use. deleteWorkshop
 * finds every key of a workshop through the lists and sets above, so a new per-workshop or
 * per-board key must be added to DELETE_WORKSHOP too (the contract test checks nothing is left).
 *
 * Every write that touches more than one key is one Lua script, so it is atomic and one round trip.
 * Durability is Redis's: an update counts as stored when Redis acknowledged it, which is "on disk"
 * only with `appendonly yes` + `appendfsync always` (everysec: up to ~1 s lost on a crash of the
 * Redis host). Needs Redis >= 6.2 (XTRIM MINID) and `maxmemory-policy noeviction`; not Redis Cluster
 * (the scripts touch keys of several slots).
 *
 * Failure behaviour: commands reject at once while the connection is down (no offline queue) and
 * after `commandTimeoutMs` when Redis hangs, so the room can answer 'store-unavailable' instead of
 * waiting; the client keeps reconnecting by itself (backoff capped at 2 s) and the same instance
 * works again when Redis is back.
 */
import { createHash } from 'node:crypto';
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
import type { WorkshopState } from '../../src/lib/api/workshop.js';
import { assertVote, mergeWorkshopState, workshopStatePatch } from './facilitation.js';
import {
	assertCheckpointTime,
	assertSnapshot,
	JoinCodeTaken,
	MAX_CHECKPOINTS,
	MAX_SNAPSHOTS,
	SnapshotIdTaken,
	SnapshotLimitReached,
	type Snapshot,
	type SnapshotMeta,
	type BoardRecord,
	type CastVoteOutcome,
	type ParticipantRecord,
	type Store,
	type StoredDoc,
	type VoteRecord,
	type WorkshopRecord
} from './Store.js';

/** The layout version this code writes (the `layout` key). */
const LAYOUT_VERSION = 2;

type RedisClient = ReturnType<typeof createClient>;

export interface RedisStoreOptions {
	/** Prefix of every key; lets several deployments (or test runs) share one Redis. Default 'hb:'. */
	keyPrefix?: string;
	/**
	 * Called with connection problems (each failed reconnect attempt, a lost socket). Without it
	 * they are swallowed; they never crash the process. Messages carry no password.
	 */
	onError?: (error: Error) => void;
	/** connect() gives up (and rejects) when Redis is not reachable within this time. Default 10 s. */
	connectTimeoutMs?: number;
	/** A command that got no answer within this time rejects (a hung Redis, a dead link). Default 5 s. */
	commandTimeoutMs?: number;
}

/** A Lua script run by EVALSHA, falling back to EVAL once after Redis lost its script cache. */
class Script {
	readonly sha: string;
	constructor(readonly source: string) {
		this.sha = createHash('sha1').update(source).digest('hex');
	}
}

/**
 * Claims the join code and writes the workshop, its boards and their initial snapshots; 0 (and
 * nothing written) if the code is taken. KEYS: joincode, workshop, workshop boards, then per board
 * its hash, snapshot, snapshot-seq. ARGV: id, title, joinCode, createdAt, board count, then per
 * board 8 values: id, workshopId, name, locked, removed, createdAt, hasState, state.
 */
const CREATE_WORKSHOP = new Script(`
local n = tonumber(ARGV[5])
if redis.call('EXISTS', KEYS[2]) == 1 then return redis.error_reply('ERR helixboard: workshop id already exists') end
for i = 0, n - 1 do
	if redis.call('EXISTS', KEYS[4 + 3 * i]) == 1 then return redis.error_reply('ERR helixboard: board id already exists') end
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'title', ARGV[2], 'joinCode', ARGV[3], 'createdAt', ARGV[4])
for i = 0, n - 1 do
	local k = 4 + 3 * i
	local a = 6 + 8 * i
	redis.call('HSET', KEYS[k], 'id', ARGV[a], 'workshopId', ARGV[a + 1], 'name', ARGV[a + 2], 'locked', ARGV[a + 3], 'removed', ARGV[a + 4], 'createdAt', ARGV[a + 5])
	redis.call('RPUSH', KEYS[3], ARGV[a])
	if ARGV[a + 6] == '1' then
		redis.call('SET', KEYS[k + 1], ARGV[a + 7])
		redis.call('SET', KEYS[k + 2], '0')
	end
end
return 1
`);

/**
 * Adds a board last to an existing workshop with its initial snapshot. KEYS: workshop hash, its
 * boards list, board hash, snapshot, snapshot-seq. ARGV: id, workshopId, name, locked, removed,
 * createdAt, state.
 */
const ADD_BOARD = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown workshop') end
if redis.call('EXISTS', KEYS[3]) == 1 then return redis.error_reply('ERR helixboard: board id already exists') end
redis.call('HSET', KEYS[3], 'id', ARGV[1], 'workshopId', ARGV[2], 'name', ARGV[3], 'locked', ARGV[4], 'removed', ARGV[5], 'createdAt', ARGV[6])
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('SET', KEYS[4], ARGV[7])
redis.call('SET', KEYS[5], '0')
return 1
`);

/** HSET of ARGV's field/value pairs on KEYS[1], only if that hash exists (no half-made records). */
const UPDATE_EXISTING = new Script(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
return 0
`);

/** Writes a participant and indexes it in its workshop. KEYS: participant hash, workshop participants zset. */
const ADD_PARTICIPANT = new Script(`
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'workshopId', ARGV[2], 'boardId', ARGV[3], 'name', ARGV[4], 'createdAt', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
return 1
`);

/**
 * Moves a participant (KEYS[1]) to the board KEYS[2] (id ARGV[1]): nothing for an unknown
 * participant, an error for an unknown board (like SQLite's foreign key).
 */
const MOVE_PARTICIPANT = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then return redis.error_reply('ERR helixboard: unknown board') end
redis.call('HSET', KEYS[1], 'boardId', ARGV[1])
return 1
`);

/** Sets sections (ARGV: section, JSON, ...) of an existing workshop and answers the whole hash. KEYS: workshop, state. */
const PATCH_STATE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown workshop') end
if #ARGV > 0 then redis.call('HSET', KEYS[2], unpack(ARGV)) end
return redis.call('HGETALL', KEYS[2])
`);

/**
 * Sets one participant's dots on one key unless their total would pass maxDots. KEYS: workshop
 * hash, the vote's hash, the workshop's votes set. ARGV: participantId, key, count, maxDots, voteId.
 * Answers { 1, { key, count, ... } } (all of the participant's dots after) or { 0, used before }.
 */
const CAST_VOTE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown workshop') end
local prefix = ARGV[1] .. '|'
local field = prefix .. ARGV[2]
local count = tonumber(ARGV[3])
local mine = {}
local used, others = 0, 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
	if string.sub(all[i], 1, #prefix) == prefix then
		local dots = tonumber(all[i + 1])
		used = used + dots
		if all[i] ~= field then
			others = others + dots
			mine[#mine + 1] = string.sub(all[i], #prefix + 1)
			mine[#mine + 1] = dots
		end
	end
end
if others + count > tonumber(ARGV[4]) then return { 0, used } end
if count == 0 then
	redis.call('HDEL', KEYS[2], field)
else
	redis.call('HSET', KEYS[2], field, count)
	redis.call('SADD', KEYS[3], ARGV[5])
	mine[#mine + 1] = ARGV[2]
	mine[#mine + 1] = count
end
return { 1, mine }
`);

/**
 * Deletes a workshop and every key of it (the layout in the header; keep the two in step).
 * ARGV: key prefix, workshop id. The join code goes only if it still names this workshop.
 */
const DELETE_WORKSHOP = new Script(`
local p = ARGV[1]
local w = p .. 'workshop:' .. ARGV[2]
local code = redis.call('HGET', w, 'joinCode')
if code and redis.call('GET', p .. 'joincode:' .. code) == ARGV[2] then redis.call('UNLINK', p .. 'joincode:' .. code) end
for _, board in ipairs(redis.call('LRANGE', w .. ':boards', 0, -1)) do
	local b = p .. 'board:' .. board
	for _, sid in ipairs(redis.call('LRANGE', b .. ':named-snapshots', 0, -1)) do redis.call('UNLINK', b .. ':named-snapshot:' .. sid) end
	redis.call('UNLINK', b, b .. ':seq', b .. ':log', b .. ':snapshot', b .. ':snapshot-seq', b .. ':checkpoints', b .. ':checkpoint-states', b .. ':named-snapshots')
end
for _, participant in ipairs(redis.call('ZRANGE', w .. ':participants', 0, -1)) do redis.call('UNLINK', p .. 'participant:' .. participant) end
for _, vote in ipairs(redis.call('SMEMBERS', w .. ':votes')) do redis.call('UNLINK', w .. ':vote:' .. vote) end
redis.call('UNLINK', w, w .. ':boards', w .. ':participants', w .. ':state', w .. ':votes')
return 1
`);

const APPEND_UPDATE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown board') end
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[3], seq .. '-0', 'd', ARGV[1], 't', ARGV[2])
return seq
`);

const LOAD_DOC = new Script(`
local snapshot = redis.call('GET', KEYS[1])
local snapshotSeq = tonumber(redis.call('GET', KEYS[2]) or '0')
local out = {}
for _, entry in ipairs(redis.call('XRANGE', KEYS[3], '-', '+')) do
	local fields = entry[2]
	local data = ''
	for j = 1, #fields, 2 do
		if fields[j] == 'd' then data = fields[j + 1] end
	end
	out[#out + 1] = entry[1]
	out[#out + 1] = data
end
return { snapshot, snapshotSeq, out }
`);

const COMPACT_DOC = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown board') end
local current = redis.call('GET', KEYS[3])
if current and tonumber(current) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[3], ARGV[2])
redis.call('XTRIM', KEYS[4], 'MINID', ARGV[3])
return 1
`);

/** HSET only on an existing board, so locking an unknown id never leaves half a board behind. */
const SET_LOCKED = new Script(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'locked', ARGV[1]) end
return 0
`);

/**
 * Adds a checkpoint and applies retention (Store.addCheckpoint) atomically. KEYS: board hash,
 * times zset, states hash. ARGV: at, state, max. Times are below 2^53, exact in Lua's doubles.
 */
const ADD_CHECKPOINT = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown board') end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
local max = tonumber(ARGV[3])
local count = redis.call('ZCARD', KEYS[2])
if count <= max then return 0 end
local times = redis.call('ZRANGE', KEYS[2], 0, -1)
local values = {}
for i = 1, #times do values[i] = tonumber(times[i]) end
while #times > max do
	local best, bestGap = nil, nil
	for i = 2, #times - 1 do
		local gap = values[i + 1] - values[i - 1]
		if bestGap == nil or gap < bestGap then best = i; bestGap = gap end
	end
	redis.call('ZREM', KEYS[2], times[best])
	redis.call('HDEL', KEYS[3], times[best])
	table.remove(times, best)
	table.remove(values, best)
end
return 1
`);

/** The newest checkpoint at or before ARGV[1]: { at, state } or nil. KEYS: times zset, states hash. */
const GET_CHECKPOINT = new Script(`
local found = redis.call('ZRANGE', KEYS[1], ARGV[1], '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 1)
if #found == 0 then return nil end
return { found[1], redis.call('HGET', KEYS[2], found[1]) }
`);

/**
 * Adds a named snapshot unless the board is unknown, has the id already, or is full. KEYS: board
 * hash, ids list, the snapshot's hash. ARGV: id, name, createdAt, createdBy, state, max. Answers
 * 1 (added), 0 (id taken) or -1 (full); an unknown board is an error.
 */
const ADD_SNAPSHOT = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ERR helixboard: unknown board') end
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[6]) then return -1 end
redis.call('HSET', KEYS[3], 'id', ARGV[1], 'name', ARGV[2], 'createdAt', ARGV[3], 'createdBy', ARGV[4], 'state', ARGV[5])
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1
`);

/**
 * The metadata of every named snapshot of a board, oldest first, in one round trip: a flat list of
 * id, name, createdAt, createdBy per snapshot. KEYS: ids list. ARGV: the snapshot hash key prefix.
 */
const LIST_SNAPSHOTS = new Script(`
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
	local fields = redis.call('HMGET', ARGV[1] .. id, 'id', 'name', 'createdAt', 'createdBy')
	if fields[1] then
		for j = 1, 4 do out[#out + 1] = fields[j] end
	end
end
return out
`);

const BINARY = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };

/** Wraps without copying (Redis writes the bytes before the call resolves). */
const buf = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** A plain Uint8Array view, like SqliteStore returns. */
const bytes = (data: Buffer): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The URL without user and password, for messages. */
function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
	} catch {
		return 'the configured Redis URL';
	}
}

/** Reconnect quickly at first, then every 2 s at most, forever: Redis restarts are routine. */
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 50);

export class RedisStore implements Store {
	private closed = false;

	private constructor(
		private readonly client: RedisClient,
		private readonly prefix: string,
		private readonly commandTimeoutMs: number
	) {}

	/**
	 * Connects and resolves once Redis answers; rejects (without leaving a client behind) when it
	 * cannot within `connectTimeoutMs`. After that, lost connections are re-established by themselves.
	 */
	static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
		const { keyPrefix = 'hb:', onError, connectTimeoutMs = 10_000, commandTimeoutMs = 5_000 } = options;
		const client: RedisClient = createClient({
			url,
			name: 'helixboard-store', // shows in CLIENT LIST
			disableOfflineQueue: true,
			socket: { connectTimeout: Math.min(connectTimeoutMs, 5_000), reconnectStrategy }
		});
		let lastError: Error | null = null;
		// Without an 'error' listener a lost connection would throw from the EventEmitter and end the process.
		client.on('error', (error: Error) => {
			lastError = error;
			try {
				onError?.(error);
			} catch {
				// a failing logger must not break the client
			}
		});
		const connecting = client.connect();
		connecting.catch(() => undefined);
		let timer: NodeJS.Timeout | undefined;
		try {
			await Promise.race([
				connecting,
				new Promise<never>((_, reject) => {
					timer = setTimeout(() => reject(new Error('timed out')), connectTimeoutMs);
				})
			]);
		} catch (error) {
			client.destroy();
			const cause = lastError ?? (error as Error);
			throw new Error(`could not connect to ${describeUrl(url)} within ${connectTimeoutMs} ms: ${cause.message}`);
		} finally {
			clearTimeout(timer);
		}
		const store = new RedisStore(client, keyPrefix, commandTimeoutMs);
		try {
			await store.upgradeLayout();
		} catch (error) {
			await store.close();
			throw new Error(`could not bring the data in ${describeUrl(url)} up to date: ${(error as Error).message}`);
		}
		return store;
	}

	/**
	 * Layout 1 → 2: participants written before had no per-workshop index; SCAN them once and
	 * add them (ZADD is idempotent, so instances doing this at the same time do no harm). An older
	 * instance still running during a rolling upgrade adds participants without indexing them.
	 */
	private async upgradeLayout(): Promise<void> {
		const layoutKey = `${this.prefix}layout`;
		if (Number((await this.timed(this.client.get(layoutKey))) ?? 1) >= LAYOUT_VERSION) return;
		const match = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}participant:*`;
		let cursor = '0';
		do {
			const reply = await this.timed(this.client.scan(cursor, { MATCH: match, COUNT: 1000, TYPE: 'hash' }));
			cursor = String(reply.cursor);
			await Promise.all(
				reply.keys.map(async (key) => {
					const [id, workshopId, createdAt] = await this.timed(this.client.hmGet(key, ['id', 'workshopId', 'createdAt']));
					if (id && workshopId) await this.timed(this.client.zAdd(this.participantsKey(workshopId), { score: Number(createdAt) || 0, value: id }));
				})
			);
		} while (cursor !== '0');
		await this.timed(this.client.set(layoutKey, String(LAYOUT_VERSION)));
	}

	// ---- keys ----

	private workshopKey = (id: string) => `${this.prefix}workshop:${id}`;
	private workshopBoardsKey = (id: string) => `${this.prefix}workshop:${id}:boards`;
	private joinCodeKey = (code: string) => `${this.prefix}joincode:${code}`;
	private boardKey = (id: string) => `${this.prefix}board:${id}`;
	private participantKey = (id: string) => `${this.prefix}participant:${id}`;
	private participantsKey = (workshopId: string) => `${this.prefix}workshop:${workshopId}:participants`;
	private stateKey = (workshopId: string) => `${this.prefix}workshop:${workshopId}:state`;
	private votesKey = (workshopId: string) => `${this.prefix}workshop:${workshopId}:votes`;
	private voteKey = (workshopId: string, voteId: string) => `${this.prefix}workshop:${workshopId}:vote:${voteId}`;
	private docKeys = (id: string) => ({
		seq: `${this.prefix}board:${id}:seq`,
		log: `${this.prefix}board:${id}:log`,
		snapshot: `${this.prefix}board:${id}:snapshot`,
		snapshotSeq: `${this.prefix}board:${id}:snapshot-seq`
	});
	private checkpointKeys = (id: string) => ({
		times: `${this.prefix}board:${id}:checkpoints`,
		states: `${this.prefix}board:${id}:checkpoint-states`
	});

	private snapshotsKey = (id: string) => `${this.prefix}board:${id}:named-snapshots`;
	private snapshotKeyPrefix = (id: string) => `${this.prefix}board:${id}:named-snapshot:`;

	// ---- plumbing ----

	/** Rejects when Redis gives no answer in time (a socket that is open but dead never errors by itself). */
	private timed<T>(operation: Promise<T>): Promise<T> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`Redis did not answer within ${this.commandTimeoutMs} ms`)),
				this.commandTimeoutMs
			);
		});
		// The losing promise may still settle later; never let that be an unhandled rejection.
		operation.catch(() => undefined);
		return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
	}

	private async evalScript(script: Script, keys: string[], args: (string | Buffer)[]): Promise<unknown> {
		const tail = [String(keys.length), ...keys, ...args];
		try {
			return await this.timed(this.client.sendCommand(['EVALSHA', script.sha, ...tail], BINARY));
		} catch (error) {
			if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
			return await this.timed(this.client.sendCommand(['EVAL', script.source, ...tail], BINARY));
		}
	}

	// ---- workshops and boards ----

	async createWorkshop(workshop: WorkshopRecord, boards: BoardRecord[], initialStates: Map<string, Uint8Array>) {
		const keys = [this.joinCodeKey(workshop.joinCode), this.workshopKey(workshop.id), this.workshopBoardsKey(workshop.id)];
		const args: (string | Buffer)[] = [workshop.id, workshop.title, workshop.joinCode, String(workshop.createdAt), String(boards.length)];
		for (const board of boards) {
			const docKeys = this.docKeys(board.id);
			keys.push(this.boardKey(board.id), docKeys.snapshot, docKeys.snapshotSeq);
			const state = initialStates.get(board.id);
			args.push(board.id, board.workshopId, board.name, board.locked ? '1' : '0', board.removed ? '1' : '0', String(board.createdAt));
			args.push(state ? '1' : '0', state ? buf(state) : '');
		}
		const claimed = await this.evalScript(CREATE_WORKSHOP, keys, args);
		if (claimed === 0) throw new JoinCodeTaken();
	}

	async getWorkshop(workshopId: string): Promise<WorkshopRecord | null> {
		const hash = await this.timed(this.client.hGetAll(this.workshopKey(workshopId)));
		if (hash.id === undefined) return null;
		return { id: hash.id, title: hash.title, joinCode: hash.joinCode, createdAt: Number(hash.createdAt) };
	}

	async findWorkshopByJoinCode(joinCode: string): Promise<WorkshopRecord | null> {
		const workshopId = await this.timed(this.client.get(this.joinCodeKey(joinCode)));
		return workshopId === null ? null : this.getWorkshop(workshopId);
	}

	async listBoards(workshopId: string): Promise<BoardRecord[]> {
		const ids = await this.timed(this.client.lRange(this.workshopBoardsKey(workshopId), 0, -1));
		const boards = await Promise.all(ids.map((id) => this.getBoard(id)));
		return boards.filter((board): board is BoardRecord => board !== null);
	}

	async getBoard(boardId: string): Promise<BoardRecord | null> {
		const hash = await this.timed(this.client.hGetAll(this.boardKey(boardId)));
		if (hash.id === undefined) return null;
		return {
			id: hash.id,
			workshopId: hash.workshopId,
			name: hash.name,
			locked: hash.locked === '1',
			removed: hash.removed === '1',
			createdAt: Number(hash.createdAt)
		};
	}

	async setBoardLocked(boardId: string, locked: boolean) {
		await this.evalScript(SET_LOCKED, [this.boardKey(boardId)], [locked ? '1' : '0']);
	}

	async addBoard(board: BoardRecord, initialState: Uint8Array) {
		const docKeys = this.docKeys(board.id);
		await this.evalScript(
			ADD_BOARD,
			[this.workshopKey(board.workshopId), this.workshopBoardsKey(board.workshopId), this.boardKey(board.id), docKeys.snapshot, docKeys.snapshotSeq],
			[board.id, board.workshopId, board.name, board.locked ? '1' : '0', board.removed ? '1' : '0', String(board.createdAt), buf(initialState)]
		);
	}

	async updateBoard(boardId: string, change: { name?: string; removed?: boolean }) {
		const fields: string[] = [];
		if (change.name !== undefined) fields.push('name', change.name);
		if (change.removed !== undefined) fields.push('removed', change.removed ? '1' : '0');
		if (fields.length > 0) await this.evalScript(UPDATE_EXISTING, [this.boardKey(boardId)], fields);
	}

	// ---- participants ----

	async addParticipant(p: ParticipantRecord) {
		await this.evalScript(
			ADD_PARTICIPANT,
			[this.participantKey(p.id), this.participantsKey(p.workshopId)],
			[p.id, p.workshopId, p.boardId, p.name, String(p.createdAt)]
		);
	}

	async getParticipant(participantId: string): Promise<ParticipantRecord | null> {
		const hash = await this.timed(this.client.hGetAll(this.participantKey(participantId)));
		if (hash.id === undefined) return null;
		return { id: hash.id, workshopId: hash.workshopId, boardId: hash.boardId, name: hash.name, createdAt: Number(hash.createdAt) };
	}

	async listParticipants(workshopId: string): Promise<ParticipantRecord[]> {
		const ids = await this.timed(this.client.zRange(this.participantsKey(workshopId), 0, -1));
		const participants = await Promise.all(ids.map((id) => this.getParticipant(id)));
		return participants.filter((p): p is ParticipantRecord => p !== null);
	}

	async moveParticipant(participantId: string, boardId: string) {
		await this.evalScript(MOVE_PARTICIPANT, [this.participantKey(participantId), this.boardKey(boardId)], [boardId]);
	}

	// ---- facilitation ----

	async getWorkshopState(workshopId: string): Promise<WorkshopState> {
		const hash = await this.timed(this.client.hGetAll(this.stateKey(workshopId)));
		return mergeWorkshopState(Object.entries(hash));
	}

	async patchWorkshopState(workshopId: string, patch: Partial<WorkshopState>): Promise<WorkshopState> {
		const args = workshopStatePatch(patch).flat();
		const flat = (await this.evalScript(PATCH_STATE, [this.workshopKey(workshopId), this.stateKey(workshopId)], args)) as Buffer[];
		const stored: [string, string][] = [];
		for (let i = 0; i < flat.length; i += 2) stored.push([flat[i].toString('utf8'), flat[i + 1].toString('utf8')]);
		return mergeWorkshopState(stored);
	}

	async castVote(workshopId: string, voteId: string, participantId: string, key: string, count: number, maxDots: number): Promise<CastVoteOutcome> {
		assertVote(participantId, count, maxDots);
		const reply = (await this.evalScript(
			CAST_VOTE,
			[this.workshopKey(workshopId), this.voteKey(workshopId, voteId), this.votesKey(workshopId)],
			[participantId, key, String(count), String(maxDots), voteId]
		)) as [number, Array<Buffer | number>] | [number, number];
		if (reply[0] === 0) return { ok: false, used: Number(reply[1]) };
		const flat = reply[1] as Array<Buffer | number>;
		const mine: Record<string, number> = {};
		for (let i = 0; i < flat.length; i += 2) mine[flat[i].toString()] = Number(flat[i + 1]);
		return { ok: true, mine };
	}

	async listVotes(workshopId: string, voteId: string): Promise<VoteRecord[]> {
		const hash = await this.timed(this.client.hGetAll(this.voteKey(workshopId, voteId)));
		return Object.entries(hash).map(([field, count]) => {
			const bar = field.indexOf('|');
			return { participantId: field.slice(0, bar), key: field.slice(bar + 1), count: Number(count) };
		});
	}

	async deleteWorkshop(workshopId: string) {
		await this.evalScript(DELETE_WORKSHOP, [this.workshopKey(workshopId)], [this.prefix, workshopId]);
	}

	// ---- documents ----

	async loadDoc(boardId: string): Promise<StoredDoc> {
		const k = this.docKeys(boardId);
		const reply = (await this.evalScript(LOAD_DOC, [k.snapshot, k.snapshotSeq, k.log], [])) as [Buffer | null, number, Buffer[]];
		const [snapshot, snapshotSeq, flat] = reply;
		const updates: Uint8Array[] = [];
		let lastSeq = Number(snapshotSeq);
		for (let i = 0; i < flat.length; i += 2) {
			lastSeq = Number.parseInt(flat[i].toString('latin1'), 10); // '<seq>-0'
			updates.push(bytes(flat[i + 1]));
		}
		return { snapshot: snapshot ? bytes(snapshot) : null, updates, lastSeq };
	}

	async appendUpdate(boardId: string, update: Uint8Array): Promise<number> {
		const k = this.docKeys(boardId);
		const seq = await this.evalScript(APPEND_UPDATE, [this.boardKey(boardId), k.seq, k.log], [buf(update), String(Date.now())]);
		return Number(seq);
	}

	async compactDoc(boardId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean> {
		if (!Number.isSafeInteger(uptoSeq) || uptoSeq < 0) throw new RangeError(`uptoSeq must be a sequence number, got ${uptoSeq}`);
		const k = this.docKeys(boardId);
		const replaced = await this.evalScript(
			COMPACT_DOC,
			[this.boardKey(boardId), k.snapshot, k.snapshotSeq, k.log],
			[buf(snapshot), String(uptoSeq), `${uptoSeq + 1}-0`]
		);
		return replaced === 1;
	}

	// ---- history ----

	async addCheckpoint(boardId: string, at: number, state: Uint8Array): Promise<void> {
		assertCheckpointTime(at);
		const k = this.checkpointKeys(boardId);
		await this.evalScript(ADD_CHECKPOINT, [this.boardKey(boardId), k.times, k.states], [String(at), buf(state), String(MAX_CHECKPOINTS)]);
	}

	async listCheckpoints(boardId: string): Promise<number[]> {
		const times = await this.timed(this.client.zRange(this.checkpointKeys(boardId).times, 0, -1));
		return times.map(Number);
	}

	async getCheckpoint(boardId: string, atOrBefore: number): Promise<{ at: number; state: Uint8Array } | null> {
		if (Number.isNaN(atOrBefore)) throw new RangeError('atOrBefore must be a number');
		const k = this.checkpointKeys(boardId);
		const bound = atOrBefore === Infinity ? '+inf' : atOrBefore === -Infinity ? '-inf' : String(atOrBefore);
		const reply = (await this.evalScript(GET_CHECKPOINT, [k.times, k.states], [bound])) as [Buffer, Buffer | null] | null;
		if (!reply || !reply[1]) return null;
		return { at: Number(reply[0].toString('latin1')), state: bytes(reply[1]) };
	}

	// ---- named snapshots ----

	async addSnapshot(boardId: string, snapshot: Snapshot): Promise<void> {
		assertSnapshot(snapshot);
		const added = await this.evalScript(
			ADD_SNAPSHOT,
			[this.boardKey(boardId), this.snapshotsKey(boardId), this.snapshotKeyPrefix(boardId) + snapshot.id],
			[snapshot.id, snapshot.name, String(snapshot.createdAt), snapshot.createdBy, buf(snapshot.state), String(MAX_SNAPSHOTS)]
		);
		if (added === 0) throw new SnapshotIdTaken();
		if (added === -1) throw new SnapshotLimitReached();
	}

	async listSnapshots(boardId: string): Promise<SnapshotMeta[]> {
		const flat = (await this.evalScript(LIST_SNAPSHOTS, [this.snapshotsKey(boardId)], [this.snapshotKeyPrefix(boardId)])) as Buffer[];
		const list: SnapshotMeta[] = [];
		for (let i = 0; i < flat.length; i += 4) {
			list.push({
				id: flat[i].toString('utf8'),
				name: flat[i + 1].toString('utf8'),
				createdAt: Number(flat[i + 2].toString('latin1')),
				createdBy: flat[i + 3].toString('utf8')
			});
		}
		// Oldest first in the list; newest first by time, the later-added first on a tie.
		return list.reverse().sort((a, b) => b.createdAt - a.createdAt);
	}

	async getSnapshot(boardId: string, snapshotId: string): Promise<Snapshot | null> {
		const reply = (await this.timed(
			this.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).hmGet(this.snapshotKeyPrefix(boardId) + snapshotId, [
				'id',
				'name',
				'createdAt',
				'createdBy',
				'state'
			])
		)) as Array<Buffer | null>;
		const [id, name, createdAt, createdBy, state] = reply;
		if (!id || !name || !createdAt || !createdBy || !state) return null;
		return {
			id: id.toString('utf8'),
			name: name.toString('utf8'),
			createdAt: Number(createdAt.toString('latin1')),
			createdBy: createdBy.toString('utf8'),
			state: bytes(state)
		};
	}

	// ---- deployment ----

	/**
	 * The token signing key all instances share: the first instance to ask stores `candidate`,
	 * every later call (on any instance) gets that same value back.
	 */
	async sharedSecret(candidate: string): Promise<string> {
		const key = `${this.prefix}secret`;
		await this.timed(this.client.set(key, candidate, { condition: 'NX' }));
		const secret = await this.timed(this.client.get(key));
		if (secret === null) throw new Error('the shared secret vanished from Redis');
		return secret;
	}

	/** True while connected (false while reconnecting). */
	get isReady(): boolean {
		return this.client.isReady;
	}

	async ping() {
		await this.timed(this.client.ping());
	}

	/** Waits for pending commands (at most 2 s), then disconnects. Harmless when called twice. */
	async close() {
		if (this.closed) return;
		this.closed = true;
		if (!this.client.isOpen) {
			this.client.destroy();
			return;
		}
		let timer: NodeJS.Timeout | undefined;
		const graceful = this.client.close().catch(() => undefined);
		const forced = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)));
		await Promise.race([graceful, forced]);
		clearTimeout(timer);
		this.client.destroy();
	}
}
