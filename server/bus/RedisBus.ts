/**
 * The bus of several instances: Redis pub/sub, one channel per board. Pub/sub delivers only to
 * who listens now, so a message published while an instance was cut off from Redis is lost to
 * it; every room then re-reads its board from the store when the bus comes back (onReconnect).
 */
import { createClient } from 'redis';
import type { Bus } from './Bus.js';

/** Reconnect quickly at first, then every 2 s at most, forever: Redis restarts are routine. */
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000);

const newClient = (url: string, name: string) =>
	createClient({ url, name, disableOfflineQueue: true, socket: { reconnectStrategy } });
type RedisClient = ReturnType<typeof newClient>;

/**
 * How long a publish waits for the publisher connection to come back. After a Redis restart the
 * store's connection may be back before the publisher's: an update then gets stored, and its
 * message must still go out once the publisher is back. Failing it at once would lose it for good
 * to the other instances whose bus was already back (and had caught up from the store) by then.
 */
const PUBLISH_WAIT_MS = 10_000;

export class RedisBus implements Bus {
	private readonly reconnectListeners = new Set<() => void>();
	/** Resolves when the publisher is ready again; shared by every publish that waits for it. */
	private publisherBack: Promise<void> | null = null;

	private constructor(
		private readonly publisher: RedisClient,
		private readonly subscriber: RedisClient
	) {
		let lost = false;
		subscriber.on('end', () => (lost = true));
		subscriber.on('reconnecting', () => (lost = true));
		subscriber.on('ready', () => {
			if (!lost) return;
			lost = false;
			for (const listener of this.reconnectListeners) listener();
		});
	}

	static async connect(url: string, onError: (error: Error) => void = () => {}): Promise<RedisBus> {
		// A client in subscriber mode can do nothing else: one connection for each role.
		const publisher = newClient(url, 'helixboard-bus-pub');
		const subscriber = newClient(url, 'helixboard-bus-sub');
		// Without listeners a lost connection would throw from an EventEmitter and end the process.
		publisher.on('error', onError);
		subscriber.on('error', onError);
		await Promise.all([publisher.connect(), subscriber.connect()]);
		return new RedisBus(publisher, subscriber);
	}

	async publish(channel: string, message: Uint8Array) {
		if (!this.publisher.isReady) await this.waitForPublisher();
		await this.publisher.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength));
	}

	async subscribe(channel: string, handler: (message: Uint8Array) => void) {
		const listener = (message: Buffer) => handler(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
		await this.subscriber.subscribe(channel, listener, true);
		return async () => {
			await this.subscriber.unsubscribe(channel, listener, true).catch(() => undefined);
		};
	}

	/** Waits (at most PUBLISH_WAIT_MS) until the publisher has reconnected. */
	private async waitForPublisher(): Promise<void> {
		this.publisherBack ??= new Promise<void>((resolve) => {
			this.publisher.once('ready', () => {
				this.publisherBack = null;
				resolve();
			});
		});
		let timer: NodeJS.Timeout | undefined;
		const gaveUp = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('bus publisher not connected')), PUBLISH_WAIT_MS);
			timer.unref();
		});
		try {
			await Promise.race([this.publisherBack, gaveUp]);
		} finally {
			clearTimeout(timer);
		}
	}

	onReconnect(listener: () => void): () => void {
		this.reconnectListeners.add(listener);
		return () => this.reconnectListeners.delete(listener);
	}

	async close() {
		this.reconnectListeners.clear();
		await Promise.allSettled([this.publisher.close(), this.subscriber.close()]);
	}
}
