/** The limiters of server/limits.ts, on an injected clock. */
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import {
	ConnectionCounter,
	EXPENSIVE_FRAME_COST,
	FrameBudget,
	KeyedRateLimiter,
	TokenBucket,
	addressKey,
	clientAddress,
	frameCost
} from '../../server/limits.js';
import { awarenessFrame, syncStep1Frame, updateFrame } from '../../src/lib/sync/frames.js';

describe('TokenBucket', () => {
	it('allows a burst, then the sustained rate, and says how long to wait', () => {
		const bucket = new TokenBucket(10, 5, 0);
		for (let i = 0; i < 5; i++) expect(bucket.take(1, 0)).toBe(true);
		expect(bucket.take(1, 0)).toBe(false);
		expect(bucket.waitMs(1, 0)).toBe(100);
		expect(bucket.take(1, 50)).toBe(false); // half a token
		expect(bucket.take(1, 100)).toBe(true);
		// Refills to the burst, never beyond.
		expect(bucket.isFull(10_000)).toBe(true);
		for (let i = 0; i < 5; i++) expect(bucket.take(1, 10_000)).toBe(true);
		expect(bucket.take(1, 10_000)).toBe(false);
	});

	it('caps a cost above the burst so it can ever pass, and ignores a clock going back', () => {
		const bucket = new TokenBucket(1, 3, 1000);
		expect(bucket.take(10, 1000)).toBe(true);
		expect(bucket.take(1, 500)).toBe(false);
		expect(bucket.take(1, 2000)).toBe(true);
	});
});

describe('KeyedRateLimiter', () => {
	it('keeps one bucket per key', () => {
		const limiter = new KeyedRateLimiter(1, 2);
		expect(limiter.take('a', 0)).toBe(true);
		expect(limiter.take('a', 0)).toBe(true);
		expect(limiter.take('a', 0)).toBe(false);
		expect(limiter.retryAfterMs('a', 0)).toBe(1000);
		expect(limiter.take('b', 0)).toBe(true);
		expect(limiter.retryAfterMs('b', 0)).toBe(0);
		expect(limiter.retryAfterMs('never-seen', 0)).toBe(0);
	});

	it('evicts idle keys on sweep and the least recently used beyond its cap', () => {
		const limiter = new KeyedRateLimiter(1, 2, 3);
		limiter.take('a', 0);
		limiter.take('b', 0);
		limiter.take('b', 0);
		limiter.sweep(1000); // a is full again after 1 s; b is not
		expect(limiter.size).toBe(1);
		expect(limiter.retryAfterMs('b', 1000)).toBe(0);
		for (const key of ['c', 'd', 'e', 'f']) limiter.take(key, 1000);
		expect(limiter.size).toBe(3);
		limiter.sweep(10_000);
		expect(limiter.size).toBe(0);
	});

	it('stays bounded under a million distinct keys', () => {
		const limiter = new KeyedRateLimiter(1, 1, 1000);
		for (let i = 0; i < 1_000_000; i++) limiter.take(`k${i}`, i);
		expect(limiter.size).toBe(1000);
	});
});

describe('ConnectionCounter', () => {
	it('refuses beyond the limit, frees slots on release (once), and forgets empty addresses', () => {
		const counter = new ConnectionCounter(2);
		const first = counter.acquire('10.0.0.1')!;
		const second = counter.acquire('10.0.0.1')!;
		expect(counter.acquire('10.0.0.1')).toBeNull();
		expect(counter.acquire('10.0.0.2')).not.toBeNull();
		first();
		first();
		expect(counter.count('10.0.0.1')).toBe(1);
		second();
		expect(counter.count('10.0.0.1')).toBe(0);
		expect(counter.addresses).toBe(1); // only 10.0.0.2 is left
	});
});

describe('frame budgets', () => {
	const doc = new Y.Doc();
	doc.getMap('notes').set('a', 'b');
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState({ name: 'Dewi' });

	it('classifies presence apart from document traffic, and step 1 and garbage as document traffic', () => {
		expect(frameCost(awarenessFrame(awareness, [doc.clientID]))).toEqual({ kind: 'presence', cost: 1 });
		expect(frameCost(new Uint8Array([3]))).toEqual({ kind: 'presence', cost: EXPENSIVE_FRAME_COST });
		expect(frameCost(updateFrame(Y.encodeStateAsUpdate(doc)))).toEqual({ kind: 'document', cost: 1 });
		expect(frameCost(syncStep1Frame(doc))).toEqual({ kind: 'document', cost: EXPENSIVE_FRAME_COST });
		for (const garbage of [new Uint8Array(), new Uint8Array([200, 1]), 'text', { a: 1 }, null]) {
			expect(frameCost(garbage)).toEqual({ kind: 'document', cost: 1 });
		}
	});

	it('lets the app’s own traffic through at the defaults: connect, 25 presence/s and fast typing', () => {
		const budget = new FrameBudget(loadConfig({}), 0);
		expect(budget.allow(syncStep1Frame(doc), 0)).toBe(true);
		for (let ms = 0; ms < 60_000; ms += 40) {
			expect(budget.allow(awarenessFrame(awareness, [doc.clientID]), ms)).toBe(true);
			if (ms % 80 === 0) expect(budget.allow(updateFrame(new Uint8Array([0, 0])), ms)).toBe(true); // 12.5/s
		}
	});

	it('stops a flood of updates after the burst, however much presence budget is left', () => {
		const budget = new FrameBudget(loadConfig({ UPDATES_PER_SECOND: '60', UPDATES_BURST: '200' }), 0);
		const frame = updateFrame(new Uint8Array([0, 0]));
		let allowed = 0;
		while (budget.allow(frame, 0)) allowed++;
		expect(allowed).toBe(200);
		expect(budget.allow(awarenessFrame(awareness, [doc.clientID]), 0)).toBe(true);
	});
});

describe('client addresses', () => {
	const req = (remoteAddress: string, forwarded?: string) =>
		({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;

	it('uses the socket address unless proxies are trusted, then the nearest untrusted hop', () => {
		expect(clientAddress(req('::ffff:10.1.2.3', '6.6.6.6'), 0)).toBe('10.1.2.3');
		expect(clientAddress(req('10.0.0.1', 'spoofed, 203.0.113.7'), 1)).toBe('203.0.113.7');
		expect(clientAddress(req('10.0.0.1', 'spoofed, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
		expect(clientAddress(req('10.0.0.1', '203.0.113.7'), 3)).toBe('203.0.113.7');
		expect(clientAddress(req('10.0.0.1'), 1)).toBe('10.0.0.1');
	});

	it('counts IPv6 per /64 and cuts absurd values', () => {
		expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('x'.repeat(10_000))).toHaveLength(64);
	});
});
