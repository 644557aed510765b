/**
 * Frames for fuzzing y-websocket endpoints: a corpus of real frames (sync steps, updates with
 * text, maps, arrays and deletions, presence) and mutations of them — bit flips, interesting
 * bytes, truncation, extension, varint overflow, lying length fields, splices — several of which
 * keep the frame header right and mutate the Yjs payload inside, to get past the first check.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessFrame, syncStep1Frame, updateFrame } from '../../src/lib/sync/frames.js';
import { seededRandom } from './raw.js';

export type Rng = ReturnType<typeof seededRandom>;

/** Real frames of every kind, from docs with text, maps, arrays, deletions and presence. */
export function corpus(rng: Rng): Uint8Array[] {
	const frames: Uint8Array[] = [];
	for (let d = 0; d < 6; d++) {
		// Client ids and note ids from the seed too: the same seed must give the same bytes.
		const doc = new Y.Doc();
		doc.clientID = 1 + rng.int(2 ** 32 - 1);
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const id = `note-${rng.int(1e9)}`;
		const note = new Y.Map<unknown>();
		doc.getMap('notes').set(id, note);
		note.set('text', new Y.Text('Bappeda Kota'));
		note.set('y', rng.int(900));
		note.set('color', 'yellow');
		note.set('author', `fuzz${d}`);
		(note.get('text') as Y.Text).insert(3, 'ñ 漢字 🙂');
		(note.get('text') as Y.Text).delete(0, 2);
		note.set('x', rng.int(1000));
		const stakeholder = new Y.Map<unknown>();
		doc.getMap('stakeholders').set(`s${d}`, stakeholder);
		stakeholder.set('power', 1e9);
		stakeholder.set('tags', Y.Array.from([1, 'two', { three: [3] }, new Uint8Array([4])]));
		doc.getMap('notes').delete(id);
		for (const update of updates) frames.push(updateFrame(update));
		frames.push(updateFrame(Y.encodeStateAsUpdate(doc)));
		frames.push(syncStep1Frame(doc));
		const step2 = encoding.createEncoder();
		encoding.writeVarUint(step2, 0);
		encoding.writeVarUint(step2, 1);
		encoding.writeVarUint8Array(step2, Y.encodeStateAsUpdate(doc));
		frames.push(encoding.toUint8Array(step2));
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ name: `Fuzz ${d}`, color: '#f00', cursor: { x: 1, y: 2 }, drag: null });
		frames.push(awarenessFrame(awareness, [doc.clientID]));
		awareness.setLocalState(null);
		frames.push(awarenessFrame(awareness, [doc.clientID]));
		awareness.destroy();
	}
	frames.push(new Uint8Array([3]), new Uint8Array([2, 0]));
	return frames;
}

/** Splits a frame into its header varints and its one length-prefixed payload, when it has one. */
function split(frame: Uint8Array): { header: number[]; payload: Uint8Array } | null {
	try {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		const header = type === 0 ? [type, decoding.readVarUint(decoder)] : [type];
		if (type !== 0 && type !== 1) return null;
		return { header, payload: decoding.readVarUint8Array(decoder) };
	} catch {
		return null;
	}
}

function join(header: number[], payload: Uint8Array, length = payload.length): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const value of header) encoding.writeVarUint(encoder, value);
	encoding.writeVarUint(encoder, length);
	encoding.writeUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

const INTERESTING_BYTES = [0, 1, 0x7f, 0x80, 0xff];

function flipBits(rng: Rng, bytes: Uint8Array): Uint8Array {
	const out = bytes.slice();
	for (let i = 1 + rng.int(4); i > 0 && out.length > 0; i--) out[rng.int(out.length)] ^= 1 << rng.int(8);
	return out;
}

/** Mutations of a real frame; several work on the payload and keep the header right, to go deeper. */
export const MUTATORS: Array<[string, (rng: Rng, frame: Uint8Array, other: Uint8Array) => Uint8Array]> = [
	['unchanged', (_rng, frame) => frame],
	['bit flips', (rng, frame) => flipBits(rng, frame)],
	[
		'interesting bytes',
		(rng, frame) => {
			const out = frame.slice();
			for (let i = 1 + rng.int(3); i > 0 && out.length > 0; i--) out[rng.int(out.length)] = rng.pick(INTERESTING_BYTES);
			return out;
		}
	],
	['truncated', (rng, frame) => frame.slice(0, rng.int(frame.length))],
	['extended', (rng, frame) => Uint8Array.from([...frame, ...rng.bytes(1 + rng.int(40))])],
	[
		'varint overflow',
		(rng, frame) => {
			const at = rng.int(frame.length + 1);
			return Uint8Array.from([...frame.slice(0, at), ...new Array<number>(5 + rng.int(8)).fill(0xff), ...frame.slice(at)]);
		}
	],
	[
		'length lies',
		(rng, frame) => {
			const parts = split(frame);
			if (!parts) return flipBits(rng, frame);
			const lies = [0, parts.payload.length - 1, parts.payload.length + 1, parts.payload.length * 2, 2 ** 31, 2 ** 53 - 1];
			return join(parts.header, parts.payload, Math.max(0, rng.pick(lies)));
		}
	],
	[
		'payload bit flips',
		(rng, frame) => {
			const parts = split(frame);
			return parts ? join(parts.header, flipBits(rng, parts.payload)) : flipBits(rng, frame);
		}
	],
	[
		'payload truncated',
		(rng, frame) => {
			const parts = split(frame);
			return parts ? join(parts.header, parts.payload.slice(0, rng.int(parts.payload.length))) : frame.slice(1);
		}
	],
	[
		'payload varint overflow',
		(rng, frame) => {
			const parts = split(frame);
			if (!parts) return frame;
			const at = rng.int(parts.payload.length + 1);
			const payload = Uint8Array.from([...parts.payload.slice(0, at), ...new Array<number>(6 + rng.int(6)).fill(0xff), 0x7f, ...parts.payload.slice(at)]);
			return join(parts.header, payload);
		}
	],
	[
		'spliced',
		(rng, frame, other) => Uint8Array.from([...frame.slice(0, rng.int(frame.length + 1)), ...other.slice(rng.int(other.length + 1))])
	],
	['random with a valid type', (rng) => Uint8Array.from([rng.int(4), rng.int(3), ...rng.bytes(rng.int(120))])],
	['random', (rng) => rng.bytes(rng.int(200))]
];

export function fuzzFrames(rng: Rng, frames: Uint8Array[], count: number): Array<{ mutator: string; frame: Uint8Array }> {
	return Array.from({ length: count }, () => {
		const [mutator, mutate] = rng.pick(MUTATORS);
		return { mutator, frame: mutate(rng, rng.pick(frames), rng.pick(frames)) };
	});
}
