/**
 * Limits on what one client may cost the server: frames per second per connection, connections
 * per address, failed join-code lookups per address. No dependency: a token bucket is a few lines,
 * and every map here is bounded (idle entries are evicted).
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { loadConfig, type Config } from './config.js';
import { MessageType } from '../src/lib/sync/protocol.js';

export type LimitsConfig = Pick<
	Config,
	| 'updatesPerSecond'
	| 'updatesBurst'
	| 'presencePerSecond'
	| 'presenceBurst'
	| 'maxConnectionsPerIp'
	| 'joinFailuresPerMinute'
	| 'trustProxy'
>;

/**
 * A sync step 1 makes the server encode everything the client lacks (up to the whole board), and
 * a query-awareness makes it encode every presence state: each costs this many ordinary frames.
 * A client needs one step 1 per connection, so only a client replaying them pays.
 */
export const EXPENSIVE_FRAME_COST = 10;
/** How often idle rate-limiter entries are evicted. */
const SWEEP_INTERVAL_MS = 60_000;
/** Hard cap on addresses tracked by one keyed limiter; beyond it the least recently seen goes. */
const MAX_TRACKED_ADDRESSES = 100_000;
/** Longest address kept as a key (anything longer is not an IP address and is cut). */
const MAX_ADDRESS_LENGTH = 64;

/** A token bucket: `burst` tokens, refilled at `ratePerSecond`. */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		readonly ratePerSecond: number,
		readonly burst: number,
		now = Date.now()
	) {
		this.tokens = burst;
		this.last = now;
	}

	/** Takes `cost` tokens if there are enough. A cost above the burst is capped so it can ever pass. */
	take(cost = 1, now = Date.now()): boolean {
		this.refill(now);
		const price = Math.min(cost, this.burst);
		if (this.tokens < price) return false;
		this.tokens -= price;
		return true;
	}

	/** Milliseconds until `cost` tokens are there; 0 when they are now. */
	waitMs(cost = 1, now = Date.now()): number {
		this.refill(now);
		const missing = Math.min(cost, this.burst) - this.tokens;
		return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.ratePerSecond);
	}

	/** True when the bucket has refilled completely: forgetting it would change nothing. */
	isFull(now = Date.now()): boolean {
		this.refill(now);
		return this.tokens >= this.burst;
	}

	private refill(now: number): void {
		const elapsed = Math.max(0, now - this.last);
		this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
		this.last = now;
	}
}

/** One token bucket per key (an address), with idle buckets evicted so the map stays bounded. */
export class KeyedRateLimiter {
	private readonly buckets = new Map<string, TokenBucket>();

	constructor(
		readonly ratePerSecond: number,
		readonly burst: number,
		private readonly maxKeys = MAX_TRACKED_ADDRESSES
	) {}

	get size(): number {
		return this.buckets.size;
	}

	/** Takes a token for `key`; false when its bucket is empty. */
	take(key: string, now = Date.now()): boolean {
		let bucket = this.buckets.get(key);
		if (bucket) {
			this.buckets.delete(key); // re-inserted below: the map's order is least recently used first
		} else {
			if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
			bucket = new TokenBucket(this.ratePerSecond, this.burst, now);
		}
		this.buckets.set(key, bucket);
		return bucket.take(1, now);
	}

	/** Milliseconds until `key` may try again; 0 when it may now. */
	retryAfterMs(key: string, now = Date.now()): number {
		return this.buckets.get(key)?.waitMs(1, now) ?? 0;
	}

	/** Forgets every key whose bucket has refilled. */
	sweep(now = Date.now()): void {
		for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
	}
}

/** Open connections per address. Entries go at zero, so the map is bounded by open connections. */
export class ConnectionCounter {
	private readonly counts = new Map<string, number>();

	constructor(readonly maxPerAddress: number) {}

	get addresses(): number {
		return this.counts.size;
	}

	count(address: string): number {
		return this.counts.get(address) ?? 0;
	}

	/** Takes a slot for `address`: a release function (safe to call twice), or null at the limit. */
	acquire(address: string): (() => void) | null {
		const count = this.count(address);
		if (count >= this.maxPerAddress) return null;
		this.counts.set(address, count + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = this.count(address) - 1;
			if (left > 0) this.counts.set(address, left);
			else this.counts.delete(address);
		};
	}
}

export type FrameBudgetKind = 'document' | 'presence';

/**
 * Which budget a client frame draws from, and at what price. Presence (awareness) has its own,
 * more generous budget: cursors move at pointer rate, and a client cut off for moving its mouse
 * would lose its edits' connection too. Everything else — updates, sync steps, garbage — counts
 * as document traffic. Anything that is not bytes (socket.io can carry any value) is garbage.
 */
export function frameCost(frame: unknown): { kind: FrameBudgetKind; cost: number } {
	if (!(frame instanceof Uint8Array) || frame.length === 0) return { kind: 'document', cost: 1 };
	// Message types and sync sub-types are one-byte varints (< 128).
	switch (frame[0]) {
		case MessageType.Awareness:
			return { kind: 'presence', cost: 1 };
		case MessageType.QueryAwareness:
			return { kind: 'presence', cost: EXPENSIVE_FRAME_COST };
		case MessageType.Sync:
			return { kind: 'document', cost: frame[1] === 0 /* step 1 */ ? EXPENSIVE_FRAME_COST : 1 };
		default:
			return { kind: 'document', cost: 1 };
	}
}

/** The frame budgets of one connection; it dies with the connection, so nothing to evict. */
export class FrameBudget {
	private readonly document: TokenBucket;
	private readonly presence: TokenBucket;

	constructor(config: LimitsConfig, now = Date.now()) {
		this.document = new TokenBucket(config.updatesPerSecond, config.updatesBurst, now);
		this.presence = new TokenBucket(config.presencePerSecond, config.presenceBurst, now);
	}

	/** False when this frame is over the connection's budget. */
	allow(frame: unknown, now = Date.now()): boolean {
		const { kind, cost } = frameCost(frame);
		return (kind === 'presence' ? this.presence : this.document).take(cost, now);
	}
}

/**
 * The address a request comes from, as a rate-limit key. Behind `trustProxy` reverse proxies it is
 * the one the nearest untrusted hop reported in X-Forwarded-For (each proxy appends the address it
 * saw). IPv6 addresses count per /64, the block one subscriber gets, so rotating addresses
 * inside it does not escape the limits.
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
	let address = req.socket?.remoteAddress ?? 'unknown';
	if (trustProxy > 0) {
		const header = req.headers['x-forwarded-for'];
		const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
			.split(',')
			.map((hop) => hop.trim())
			.filter(Boolean);
		if (hops.length > 0) address = hops[Math.max(0, hops.length - trustProxy)];
	}
	return addressKey(address);
}

export function addressKey(address: string): string {
	const plain = address.slice(0, MAX_ADDRESS_LENGTH).replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
	if (!net.isIPv6(plain)) return plain;
	return `${expandIPv6(plain).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (without a zone), `::` expanded. */
function expandIPv6(address: string): string[] {
	const [head, tail] = address.split('%')[0].toLowerCase().split('::');
	const part = (s: string | undefined) => (s ? s.split(':') : []);
	const left = part(head);
	const right = part(tail);
	const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
	return [...left, ...zeros, ...right].map((hextet) => hextet.replace(/^0+(?=.)/, ''));
}

/** Every limit of one server instance, shared by both transports and the API. */
export class Limits {
	readonly connections: ConnectionCounter;
	/** Failed join-code lookups per address: guessing codes is the one way in without a token. */
	readonly joinFailures: KeyedRateLimiter;
	private readonly sweeper: NodeJS.Timeout;

	constructor(readonly config: LimitsConfig) {
		this.connections = new ConnectionCounter(config.maxConnectionsPerIp);
		this.joinFailures = new KeyedRateLimiter(config.joinFailuresPerMinute / 60, config.joinFailuresPerMinute);
		this.sweeper = setInterval(() => this.joinFailures.sweep(), SWEEP_INTERVAL_MS);
		this.sweeper.unref();
	}

	address(req: IncomingMessage): string {
		return clientAddress(req, this.config.trustProxy);
	}

	frameBudget(): FrameBudget {
		return new FrameBudget(this.config);
	}

	close(): void {
		clearInterval(this.sweeper);
	}
}

export function createLimits(config: LimitsConfig): Limits {
	return new Limits(config);
}
