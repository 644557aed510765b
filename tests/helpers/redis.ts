/**
 * Starts a real `redis-server` for a test, on a loopback port, and stops it by PID.
 *
 *   const redis = await startRedis();                      // throwaway: --save "" --appendonly no
 *   const redis = await startRedis({ persistent: true });  // AOF, appendfsync always, in a temp dir
 *   await redis.kill(); await redis.restart();             // same port and dir: data is back
 *
 * Never leaves a process behind: every server is killed when the test process exits, and a small
 * watchdog (`sh`) kills it too if the test process dies without running exit handlers (vitest ends
 * its workers that way). A temp dir is removed by stop() for a throwaway server, and for a
 * persistent one (which may still be restarted after stop()) once the test process is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface StartRedisOptions {
	/** AOF with `appendfsync always` in `dir`: what was acknowledged survives kill() and restart(). */
	persistent?: boolean;
	/** Working directory (AOF files); a temp dir by default, removed when the test process exits. */
	dir?: string;
	/** A fixed port, e.g. to start Redis again where a previous one ran; a free one by default. */
	port?: number;
}

export interface TestRedis {
	/** `redis://127.0.0.1:PORT` */
	url: string;
	port: number;
	dir: string;
	/** PID of the running redis-server, or null while stopped. */
	readonly pid: number | null;
	/** Everything the current redis-server printed so far (its log). */
	output(): string;
	/** SIGTERM, then waits for the exit (SIGKILL after 10 s). Harmless when already stopped. */
	stop(): Promise<void>;
	/** SIGKILL, like a crash: no shutdown code runs. Harmless when already stopped. */
	kill(): Promise<void>;
	/** Kills (if running), then starts again on the same port and dir; resolves once it answers PING. */
	restart(): Promise<void>;
	/** SIGSTOP: the server holds its connections open but answers nothing (a hung or unreachable Redis). */
	pause(): void;
	/** SIGCONT after pause(). */
	resume(): void;
}

interface Running {
	child: ChildProcess;
	watchdog: ChildProcess | null;
	exited: Promise<void>;
	output: string;
}

const live = new Set<Running>();
/** Temp dirs we made, each with the watchdog that removes it once this process is gone. */
const tempDirs = new Map<string, ChildProcess | null>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const running of live) {
			signal(running.child, 'SIGKILL');
			if (running.watchdog) signal(running.watchdog, 'SIGKILL');
		}
		for (const [dir, watchdog] of tempDirs) {
			if (watchdog) signal(watchdog, 'SIGKILL');
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(child.pid, name);
	} catch {
		// already gone
	}
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** One raw `PING` over TCP; true on `+PONG` (not while Redis is still loading its AOF). */
function pingOnce(port: number, timeoutMs = 500): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const done = (ok: boolean) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(ok);
		};
		const timer = setTimeout(() => done(false), timeoutMs);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
		socket.once('error', () => done(false));
		socket.once('close', () => done(false));
	});
}

const alive = (pid: number) => `kill -0 ${pid} 2>/dev/null`;

/**
 * An `sh` running `script` in its own process group, so that whatever ends this process (vitest
 * ends its workers without exit handlers; a CI job kills the whole group) leaves it to clean up.
 * Never keeps this process alive.
 */
function watchdog(script: string): ChildProcess | null {
	try {
		const child = spawn('/bin/sh', ['-c', script], { stdio: 'ignore', detached: true });
		child.on('error', () => undefined);
		child.unref();
		return child;
	} catch {
		return null;
	}
}

function spawnRedis(port: number, dir: string, persistent: boolean): Running {
	const args = [
		'--port', String(port),
		'--bind', '127.0.0.1',
		'--dir', dir,
		'--save', '',
		'--daemonize', 'no',
		'--logfile', '',
		'--maxmemory-policy', 'noeviction',
		...(persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])
	];
	const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const running: Running = {
		child,
		watchdog: null,
		exited: new Promise((resolve) => child.once('exit', () => resolve())),
		output: ''
	};
	const collect = (chunk: Buffer) => {
		running.output += chunk.toString();
		if (running.output.length > 64_000) running.output = running.output.slice(-32_000);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	child.once('error', (error) => (running.output += `\nspawn error: ${error.message}`));
	live.add(running);
	void running.exited.then(() => {
		live.delete(running);
		if (running.watchdog) signal(running.watchdog, 'SIGKILL');
	});
	if (child.pid !== undefined) {
		// Kills redis-server if this process disappears without running its exit handlers; ends by
		// itself when redis-server exits first (and is killed by us when we see that exit).
		running.watchdog = watchdog(
			`while ${alive(process.pid)} && ${alive(child.pid)}; do sleep 0.5; done; ` +
				`if ! ${alive(process.pid)}; then kill -9 ${child.pid} 2>/dev/null; fi`
		);
	}
	return running;
}

async function waitUntilReady(running: Running, port: number, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (running.child.exitCode !== null || running.child.signalCode !== null) {
			throw new Error(`redis-server exited (${running.child.exitCode ?? running.child.signalCode}) on port ${port}:\n${running.output}`);
		}
		// Our own server must say it is ready: a PONG alone could come from another one on that port.
		if (/Ready to accept connections/.test(running.output) && (await pingOnce(port))) return;
		await new Promise((resolve) => setTimeout(resolve, 30));
	}
	signal(running.child, 'SIGKILL');
	await running.exited;
	throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms:\n${running.output}`);
}

async function stopRunning(running: Running | null, how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
	if (!running) return;
	if (how === 'SIGTERM') {
		signal(running.child, 'SIGCONT'); // a paused server cannot act on SIGTERM
		signal(running.child, 'SIGTERM');
		const timer = setTimeout(() => signal(running.child, 'SIGKILL'), 10_000);
		await running.exited;
		clearTimeout(timer);
	} else {
		signal(running.child, 'SIGKILL');
		await running.exited;
	}
}

export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
	installExitHook();
	const persistent = options.persistent ?? false;
	const ownDir = !options.dir;
	const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-redis-'));
	if (ownDir) tempDirs.set(dir, watchdog(`while ${alive(process.pid)}; do sleep 1; done; rm -rf '${dir}'`));
	else fs.mkdirSync(dir, { recursive: true });

	/** Starts on `port`; a port picked by us may be taken in between, so then it tries another. */
	async function start(port: number, fixed: boolean): Promise<{ running: Running; port: number }> {
		for (let attempt = 0; ; attempt++) {
			const running = spawnRedis(port, dir, persistent);
			try {
				await waitUntilReady(running, port);
				return { running, port };
			} catch (error) {
				await stopRunning(running, 'SIGKILL');
				const portTaken = /Address already in use/i.test(running.output);
				if (!portTaken || attempt >= (fixed ? 20 : 5)) throw error;
				// A fixed port may still be held by the process we just killed: wait a little.
				if (fixed) await new Promise((resolve) => setTimeout(resolve, 100));
				else port = await freePort();
			}
		}
	}

	const fixed = options.port !== undefined;
	const first = await start(options.port ?? (await freePort()), fixed);
	const port = first.port;
	let current: Running | null = first.running;

	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		dir,
		get pid() {
			return current && current.child.exitCode === null && current.child.signalCode === null ? (current.child.pid ?? null) : null;
		},
		output: () => current?.output ?? '',
		async stop() {
			const running = current;
			current = null;
			await stopRunning(running, 'SIGTERM');
			// A throwaway server's dir has nothing worth keeping (a persistent one's may be restarted).
			if (ownDir && !persistent) {
				fs.rmSync(dir, { recursive: true, force: true });
				const dirWatchdog = tempDirs.get(dir);
				if (dirWatchdog) signal(dirWatchdog, 'SIGKILL');
				tempDirs.delete(dir);
			}
		},
		async kill() {
			const running = current;
			current = null;
			await stopRunning(running, 'SIGKILL');
		},
		async restart() {
			const running = current;
			current = null;
			await stopRunning(running, 'SIGKILL');
			if (ownDir && !tempDirs.has(dir)) {
				// stop() removed this throwaway dir; make it (and its clean-up) again
				fs.mkdirSync(dir, { recursive: true });
				tempDirs.set(dir, watchdog(`while ${alive(process.pid)}; do sleep 1; done; rm -rf '${dir}'`));
			}
			current = (await start(port, true)).running;
		},
		pause() {
			if (current) signal(current.child, 'SIGSTOP');
		},
		resume() {
			if (current) signal(current.child, 'SIGCONT');
		}
	};
}
