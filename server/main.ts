/**
 * Production entry point (`npm start`): one http.Server on one port serving the built SvelteKit
 * app, the API, socket.io and /yjs.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHelixboard } from './app.js';
import { loadConfig } from './config.js';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/** The project root: the nearest folder above this file with a package.json (src or dist-server). */
function projectRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('cannot find the project root');
		dir = parent;
	}
	return dir;
}

/** adapter-node's handler, or null when the app has not been built (API-only, e.g. some tests). */
async function loadAppHandler(): Promise<NodeHandler | null> {
	const file = path.join(projectRoot(), 'build', 'handler.js');
	if (!fs.existsSync(file)) return null;
	const module = (await import(file)) as { handler: NodeHandler };
	return module.handler;
}

async function main() {
	const config = loadConfig(process.env);
	const helixboard = await createHelixboard(config);
	const { log } = helixboard;
	const app = await loadAppHandler();
	if (!app) log.warn('build/handler.js not found: serving the API and sync only (run `npm run build`)');

	const notFound = (res: http.ServerResponse) => {
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('not found');
	};
	const server = http.createServer((req, res) => {
		helixboard.handleRequest(req, res, () => (app ? app(req, res, () => notFound(res)) : notFound(res)));
	});
	helixboard.attach(server);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, resolve);
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	log.info({ port, host: config.host, store: config.redisUrl ? 'redis' : 'sqlite', dataDir: config.redisUrl ? undefined : config.dataDir }, 'listening');

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down');
		const forced = setTimeout(() => {
			log.error('shutdown took too long; exiting');
			process.exit(1);
		}, 10_000);
		forced.unref();
		server.close(); // stop accepting; clients are told to go by helixboard.close()
		await helixboard.close();
		server.closeAllConnections();
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
