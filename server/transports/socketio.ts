/**
 * The browser's transport: socket.io (WebSocket, with long-polling for proxied classroom
 * networks). Thin: it checks the handshake token, then passes binary frames to the board's room.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
	CloseCode,
	PROTOCOL_VERSION,
	RefusalReason,
	SOCKET_IO_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../src/lib/sync/protocol.js';
import { authorizeBoard, type GrantedAccess } from '../auth/access.js';
import type { Logger } from '../logger.js';
import type { Room, RoomConnection } from '../rooms/Room.js';
import type { RoomManager } from '../rooms/RoomManager.js';
import type { Store } from '../store/Store.js';

interface SocketData {
	access: GrantedAccess;
	room: Room;
}
type HelixSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketTransportDeps {
	store: Store;
	secret: string;
	rooms: RoomManager;
	log: Logger;
	/** Largest frame accepted; sized from the largest board so a first sync always fits. */
	maxFrameBytes: number;
}

class SocketConnection implements RoomConnection {
	constructor(private readonly socket: HelixSocket) {}

	get access() {
		return this.socket.data.access;
	}

	send(frame: Uint8Array) {
		this.socket.emit('yjs', frame);
	}

	close() {
		this.socket.disconnect(true);
	}
}

function refusal(reason: string): Error {
	const error = new Error(reason) as Error & { data?: unknown };
	const code = reason === RefusalReason.Unauthorized ? CloseCode.Unauthorized : CloseCode.Forbidden;
	error.data = { code };
	return error;
}

export function attachSocketTransport(httpServer: HttpServer, deps: SocketTransportDeps) {
	const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
		path: SOCKET_IO_PATH,
		maxHttpBufferSize: deps.maxFrameBytes,
		serveClient: false,
		// Other upgrade paths (/yjs, Vite's HMR in development) belong to other handlers.
		destroyUpgrade: false
	});

	io.use(async (socket, next) => {
		try {
			const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
			const result = await authorizeBoard(deps.store, deps.secret, auth.token, auth.boardId);
			if (!result.ok) return next(refusal(result.reason));
			// Loaded here, before the connection is accepted, so no early frame finds no room.
			const room = await deps.rooms.acquire(result.board.id);
			if (!room) return next(refusal(RefusalReason.Forbidden));
			socket.data.access = result.access;
			socket.data.room = room;
			next();
		} catch (error) {
			deps.log.error({ err: error }, 'socket.io handshake failed');
			next(new Error('server unavailable'));
		}
	});

	io.on('connection', (socket) => {
		const { room, access } = socket.data;
		const connection = new SocketConnection(socket);
		socket.emit('hello', {
			protocol: PROTOCOL_VERSION,
			boardId: room.board.id,
			workshopId: access.workshopId,
			role: access.role,
			ownBoardId: access.ownBoardId,
			serverTime: Date.now()
		});
		room.join(connection);
		socket.on('yjs', (frame, ack) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			if (!(frame instanceof Uint8Array)) return reply({ ok: false, reason: 'malformed' });
			void room.receive(connection, frame).then(reply);
		});
		socket.on('disconnect', () => {
			room.leave(connection);
			deps.rooms.release(room);
		});
	});

	return io;
}
