/** Encoders for the binary frames both transports carry (y-websocket's message layout). */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MessageType } from './protocol.js';

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** A sync step 2 frame carrying `update` (the answer to a step 1). */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function updateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Awareness);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

/** Several frames as one socket.io `frames` message (protocol.ts). */
export function encodeFrameBatch(frames: Uint8Array[]): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const frame of frames) encoding.writeVarUint8Array(encoder, frame);
	return encoding.toUint8Array(encoder);
}

export function decodeFrameBatch(batch: Uint8Array): Uint8Array[] {
	const decoder = decoding.createDecoder(batch);
	const frames: Uint8Array[] = [];
	while (decoding.hasContent(decoder)) frames.push(decoding.readVarUint8Array(decoder));
	return frames;
}
