/**
 * Cost of the workshop state (docs/decisions/010-workshop-state-json-not-ydoc.md): a class of
 * 8 groups × 5 participants connected over socket.io to one server, embedded and Redis mode.
 *
 *   - a facilitator change (timer start over HTTP) until the `workshop` event reached all 40
 *     sockets; reference in the same run, alternating: a board edit by one participant until it
 *     reached the 4 others of the group (the path every edit takes);
 *   - a participant's connect until `hello` (the access check now reads the participant record and
 *     the workshop state); reference: a facilitator's connect (no participant lookup).
 *
 *   npx tsx bench/workshop-state.mts [--rounds 30]
 *
 * Needs redis-server on the PATH (or REDIS_SERVER) for the Redis figures; without it they are skipped.
 */
import os from 'node:os';
import * as Y from 'yjs';
import { addNote } from '../src/lib/board/model.js';
import { BoardReplica } from '../src/lib/sync/BoardReplica.js';
import { createWorkshop, joinWorkshop, request } from '../tests/helpers/clients.js';
import { startBacking, type Mode } from '../tests/helpers/modes.js';
import { startServer } from '../tests/helpers/server.js';

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf('--rounds') + 1] || 30) || 30;
const GROUPS = 8;
const PER_GROUP = 5;

function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const poll = () => {
			if (check()) return resolve();
			if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
			setImmediate(poll);
		};
		poll();
	});
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function measure(mode: Mode) {
	const backing = await startBacking(mode);
	const server = await startServer({ env: backing.env });
	try {
		const workshop = await createWorkshop(server, GROUPS, 'Bench class');
		const people: Array<{ token: string; group: number; replica: BoardReplica; states: number }> = [];
		for (let group = 0; group < GROUPS; group++) {
			for (let i = 0; i < PER_GROUP; i++) {
				const joined = await joinWorkshop(server, workshop, `P${group}-${i}`, group);
				const replica = new BoardReplica({ url: server.url, boardId: workshop.boards[group].boardId, token: joined.participantToken, transports: ['websocket'] });
				const person = { token: joined.participantToken, group, replica, states: 0 };
				replica.provider.onWorkshop(() => person.states++);
				people.push(person);
			}
		}
		await until(() => people.every((p) => p.replica.provider.synced && p.states > 0));

		const broadcast: number[] = [];
		const edit: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			// Alternating, so both see the same machine state.
			const seen = people.map((p) => p.states);
			let started = performance.now();
			const answer = await request(server, 'POST', `/api/workshops/${workshop.workshopId}/timer`, { action: 'start', durationMs: 60_000 + round * 1000 }, workshop.facilitatorToken);
			if (answer.status !== 200) throw new Error(`timer: ${answer.status}`);
			await until(() => people.every((p, i) => p.states > seen[i]));
			broadcast.push(performance.now() - started);

			const group = people.filter((p) => p.group === round % GROUPS);
			const [writer, ...readers] = group;
			const notes = (doc: Y.Doc) => doc.getMap('notes').size;
			const before = readers.map((r) => notes(r.replica.doc));
			started = performance.now();
			addNote(writer.replica.doc, { x: round, y: 0, color: 'yellow', author: 'bench', text: `n${round}` });
			await until(() => readers.every((r, i) => notes(r.replica.doc) > before[i]));
			edit.push(performance.now() - started);
		}

		// Connects: a participant (participant record + workshop state) against the facilitator.
		const participantConnect: number[] = [];
		const facilitatorConnect: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			for (const [token, into] of [
				[people[round % people.length].token, participantConnect],
				[workshop.facilitatorToken, facilitatorConnect]
			] as const) {
				const boardId = workshop.boards[people[round % people.length].group].boardId;
				const started = performance.now();
				const replica = new BoardReplica({ url: server.url, boardId, token, transports: ['websocket'] });
				await until(() => replica.provider.hello !== null);
				into.push(performance.now() - started);
				replica.destroy();
			}
		}
		for (const p of people) p.replica.destroy();
		return { broadcast, edit, participantConnect, facilitatorConnect };
	} finally {
		await server.stop();
		await backing.stop();
	}
}

console.log(`workshop state bench: ${GROUPS}×${PER_GROUP} sockets, ${ROUNDS} rounds, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
for (const mode of ['embedded', 'redis'] as const) {
	let result;
	try {
		result = await measure(mode);
	} catch (error) {
		if (mode === 'redis') {
			console.log(`redis: skipped (${(error as Error).message})`);
			continue;
		}
		throw error;
	}
	const { broadcast, edit, participantConnect, facilitatorConnect } = result;
	const line = (label: string, values: number[], reference: number[]) =>
		console.log(
			`${mode.padEnd(8)} ${label.padEnd(38)} p50 ${ms(percentile(values, 50))}  p95 ${ms(percentile(values, 95))}  ` +
				`(reference p50 ${ms(percentile(reference, 50))}; ratio ${(percentile(values, 50) / percentile(reference, 50)).toFixed(2)})`
		);
	line('state change → all 40 sockets', broadcast, edit);
	line('participant connect → hello', participantConnect, facilitatorConnect);
}
process.exit(0);
