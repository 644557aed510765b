/**
 * Starts the real server (server/main.ts through tsx, or the built one) as a child process on a
 * free port with its own DATA_DIR, so tests can kill it like an operator or a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startBacking, type Backing, type Mode } from './modes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestServer {
	url: string;
	wsUrl: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	/** Everything the server printed so far. */
	output(): string;
	/** SIGTERM, then waits for the exit code. */
	stop(): Promise<number | null>;
	/** SIGKILL: no shutdown code runs. */
	kill(): Promise<void>;
}

export function tempDataDir(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-test-'));
}

export interface ServerOptions {
	dataDir?: string;
	env?: Record<string, string>;
	/** Node arguments that run the server; the TypeScript sources through tsx by default. */
	entry?: string[];
	/** Where to run it; the project root by default (the map benchmark runs a copy of the build). */
	cwd?: string;
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
	const dataDir = options.dataDir ?? tempDataDir();
	const child = spawn(process.execPath, options.entry ?? ['--import', 'tsx', 'server/main.ts'], {
		cwd: options.cwd ?? ROOT,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			LOG_LEVEL: 'info',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			for (const line of output.split('\n')) {
				if (!line.startsWith('{')) continue;
				try {
					const entry = JSON.parse(line) as { msg?: string; port?: number };
					if (entry.msg === 'listening' && entry.port) {
						clearTimeout(timer);
						resolve(entry.port);
					}
				} catch {
					// a partial line; the rest comes with the next chunk
				}
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		});
	});

	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}`,
		port,
		dataDir,
		process: child,
		output: () => output,
		async stop() {
			if (child.exitCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			return exited;
		},
		async kill() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGKILL');
			await exited;
		}
	};
}

/**
 * A server on `mode`'s backing (tests/helpers/modes.ts) for the enclosing `describe`: started
 * before its tests, stopped after them with its backing. What it returns stands for the server
 * once started — every read goes to it — so a test uses `server.url` as if it held it.
 */
export function serverInMode(mode: Mode): TestServer {
	let started: TestServer | null = null;
	let backing: Backing | null = null;
	beforeAll(async () => {
		backing = await startBacking(mode);
		started = await startServer({ env: backing.env });
	});
	afterAll(async () => {
		await started?.stop();
		await backing?.stop();
	});
	return new Proxy({} as TestServer, {
		get(_, key) {
			if (!started) throw new Error('the server is started in beforeAll; use it inside a test or a hook');
			const value = started[key as keyof TestServer];
			return typeof value === 'function' ? value.bind(started) : value;
		}
	});
}
