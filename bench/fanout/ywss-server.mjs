/**
 * The reference y-websocket server (@y/websocket-server 0.1.1) for the fan-out bench: exactly its
 * bin (src/server.js) but listening on a free port and printing it. Persistence: y-leveldb when
 * YPERSISTENCE names a directory (set by the bench). Env: HOST, YPERSISTENCE.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
const server = http.createServer((_request, response) => {
	response.writeHead(200, { 'Content-Type': 'text/plain' });
	response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(0, process.env.HOST || '127.0.0.1', () => {
	console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
