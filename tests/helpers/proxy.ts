/**
 * A TCP load balancer for fault tests: each new connection goes to the next live backend (round
 * robin), so clients of a killed instance reconnect to another, as behind nginx. It can also cut
 * every connection and refuse new ones, which is what a client sees when its network goes away.
 */
import net from 'node:net';

export interface TestProxy {
	url: string;
	wsUrl: string;
	port: number;
	/** The backend ports new connections may go to. */
	setBackends(ports: number[]): void;
	/** Offline: cut every open connection and refuse new ones until back online. */
	setOffline(offline: boolean): void;
	close(): Promise<void>;
}

export async function startProxy(backends: number[]): Promise<TestProxy> {
	let targets = [...backends];
	let next = 0;
	let offline = false;
	const open = new Set<net.Socket>();

	const server = net.createServer((client) => {
		if (offline || targets.length === 0) return client.destroy();
		const port = targets[next++ % targets.length];
		const upstream = net.connect(port, '127.0.0.1');
		for (const socket of [client, upstream]) {
			open.add(socket);
			socket.on('close', () => open.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.pipe(upstream);
		upstream.pipe(client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}`,
		port,
		setBackends(ports) {
			targets = [...ports];
		},
		setOffline(value) {
			offline = value;
			if (offline) for (const socket of open) socket.destroy();
		},
		async close() {
			for (const socket of open) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
