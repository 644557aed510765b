import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signToken, verifyToken, type TokenClaims } from '../../server/auth/tokens.js';

const SECRET = 'a'.repeat(64);
const NOW = 1_800_000_000_000;
const LATER = NOW + 60_000;

const facilitator: TokenClaims = { kind: 'facilitator', workshopId: 'workshopAAAAAAAA', exp: LATER };
const participant: TokenClaims = {
	kind: 'participant',
	workshopId: 'workshopAAAAAAAA',
	participantId: 'participantAAAAA',
	boardId: 'boardAAAAAAAAAAA',
	exp: LATER
};

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (data: string, secret = SECRET) => createHmac('sha256', secret).update(data).digest('base64url');
/** A token signed correctly over any payload and version, to test what verification checks after the signature. */
const forge = (payload: unknown, version = 'v1', secret = SECRET) => {
	const data = `${version}.${b64(payload)}`;
	return `${data}.${hmac(data, secret)}`;
};

describe('signToken / verifyToken', () => {
	it('round-trips a facilitator token', () => {
		const token = signToken(facilitator, SECRET);
		expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(verifyToken(token, SECRET, NOW)).toEqual(facilitator);
	});

	it('round-trips a participant token', () => {
		expect(verifyToken(signToken(participant, SECRET), SECRET, NOW)).toEqual(participant);
	});

	it('keeps only the known claims of a kind', () => {
		const token = forge({ ...facilitator, admin: true });
		expect(verifyToken(token, SECRET, NOW)).toEqual(facilitator);
	});

	it('refuses a token signed with another secret', () => {
		expect(verifyToken(signToken(facilitator, 'b'.repeat(64)), SECRET, NOW)).toBeNull();
	});

	it('refuses a forged signature', () => {
		const [version, payload] = signToken(facilitator, SECRET).split('.');
		const forgedSignatures = [
			hmac(`${version}.${payload}`, 'guess'),
			'A'.repeat(43),
			'',
			createHmac('sha256', SECRET).update(`${version}.${payload}`).digest('hex'),
			createHmac('sha256', SECRET).update(`${version}.${payload}`).digest('base64') // not base64url
		];
		for (const signature of forgedSignatures) {
			expect(verifyToken(`${version}.${payload}.${signature}`, SECRET, NOW), signature).toBeNull();
		}
	});

	it('refuses a tampered payload (a participant making itself facilitator, or moving board)', () => {
		const [version, , signature] = signToken(participant, SECRET).split('.');
		const tampered = [
			b64({ ...facilitator }),
			b64({ ...participant, boardId: 'boardBBBBBBBBBBB' }),
			b64({ ...participant, exp: LATER * 10 })
		];
		for (const payload of tampered) expect(verifyToken(`${version}.${payload}.${signature}`, SECRET, NOW)).toBeNull();
	});

	it('refuses a token with one signature byte flipped', () => {
		const token = signToken(facilitator, SECRET);
		const last = token.at(-1) === 'A' ? 'B' : 'A';
		expect(verifyToken(token.slice(0, -1) + last, SECRET, NOW)).toBeNull();
	});

	it('refuses an expired token, and one expiring exactly now', () => {
		const token = signToken({ ...facilitator, exp: NOW }, SECRET);
		expect(verifyToken(token, SECRET, NOW)).toBeNull();
		expect(verifyToken(token, SECRET, NOW + 1)).toBeNull();
		expect(verifyToken(token, SECRET, NOW - 1)).toEqual({ ...facilitator, exp: NOW });
	});

	it('uses the current time by default', () => {
		expect(verifyToken(signToken({ ...facilitator, exp: Date.now() - 1000 }, SECRET), SECRET)).toBeNull();
		expect(verifyToken(signToken({ ...facilitator, exp: Date.now() + 60_000 }, SECRET), SECRET)).not.toBeNull();
	});

	it('refuses another version, even correctly signed', () => {
		expect(verifyToken(forge(facilitator, 'v2'), SECRET, NOW)).toBeNull();
		expect(verifyToken(forge(facilitator, 'V1'), SECRET, NOW)).toBeNull();
		expect(verifyToken(forge(facilitator, ''), SECRET, NOW)).toBeNull();
	});

	it('refuses correctly signed payloads that are not valid claims', () => {
		const bad: unknown[] = [
			{ kind: 'admin', workshopId: 'w', exp: LATER },
			{ kind: 'participant', workshopId: 'w', exp: LATER }, // no participantId / boardId
			{ kind: 'facilitator', workshopId: 42, exp: LATER },
			{ kind: 'facilitator', workshopId: 'w', exp: String(LATER) },
			{ kind: 'facilitator', workshopId: 'w' },
			[],
			null,
			'facilitator',
			12
		];
		for (const payload of bad) expect(verifyToken(forge(payload), SECRET, NOW), JSON.stringify(payload)).toBeNull();
	});

	it('refuses a correctly signed payload that is not JSON', () => {
		const data = `v1.${b64('{not json')}`;
		expect(verifyToken(`${data}.${hmac(data)}`, SECRET, NOW)).toBeNull();
	});

	it('refuses garbage strings without throwing', () => {
		const garbage = [
			'',
			'.',
			'..',
			'...',
			'v1',
			'v1.',
			'v1..',
			'v1.x.y.z',
			'Bearer abc',
			'v1.%%%.%%%',
			'v1.\u0000.\u0000',
			'v1.😀.😀', // multi-byte: byte length differs from character length
			`v1.${'😀'.repeat(11)}.${'é'.repeat(43)}`,
			signToken(facilitator, SECRET) + '.',
			' ' + signToken(facilitator, SECRET)
		];
		for (const token of garbage) {
			expect(() => verifyToken(token, SECRET, NOW), token).not.toThrow();
			expect(verifyToken(token, SECRET, NOW), token).toBeNull();
		}
	});

	it('refuses values that are not strings without throwing', () => {
		const token = signToken(facilitator, SECRET);
		const values: unknown[] = [undefined, null, 0, 1, true, {}, [], [token], { token }, Buffer.from(token), Symbol('t'), () => token];
		for (const value of values) {
			expect(() => verifyToken(value, SECRET, NOW)).not.toThrow();
			expect(verifyToken(value, SECRET, NOW)).toBeNull();
		}
	});

	it('refuses over-long tokens, even genuine ones', () => {
		const long = signToken({ ...participant, participantId: 'p'.repeat(3000) }, SECRET);
		expect(long.length).toBeGreaterThan(2048);
		expect(verifyToken(long, SECRET, NOW)).toBeNull();
		expect(verifyToken('v1.' + 'A'.repeat(1_000_000) + '.x', SECRET, NOW)).toBeNull();
	});
});

describe('loadOrCreateSecret', () => {
	const dirs: string[] = [];
	const tempDir = () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helixboard-secret-'));
		dirs.push(dir);
		return dir;
	};
	afterEach(() => {
		for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('creates a 0600 secret file (and the data dir) on first start', () => {
		const dataDir = path.join(tempDir(), 'nested', 'data');
		const secret = loadOrCreateSecret(null, dataDir);
		const file = path.join(dataDir, 'secret');
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(fs.readFileSync(file, 'utf8')).toBe(secret);
		if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
	});

	it('returns the same secret on later starts, without rewriting the file', () => {
		const dataDir = tempDir();
		const first = loadOrCreateSecret(null, dataDir);
		const file = path.join(dataDir, 'secret');
		const mtime = fs.statSync(file).mtimeMs;
		expect(loadOrCreateSecret(null, dataDir)).toBe(first);
		expect(loadOrCreateSecret(null, dataDir)).toBe(first);
		expect(fs.statSync(file).mtimeMs).toBe(mtime);
		expect(fs.readdirSync(dataDir)).toEqual(['secret']);
	});

	it('tokens signed with the generated secret verify after a restart', () => {
		const dataDir = tempDir();
		const token = signToken(facilitator, loadOrCreateSecret(null, dataDir));
		expect(verifyToken(token, loadOrCreateSecret(null, dataDir), NOW)).toEqual(facilitator);
	});

	it('gives different secrets to different data dirs', () => {
		expect(loadOrCreateSecret(null, tempDir())).not.toBe(loadOrCreateSecret(null, tempDir()));
	});

	it('prefers the configured secret and writes no file', () => {
		const dataDir = tempDir();
		expect(loadOrCreateSecret('configured-secret', dataDir)).toBe('configured-secret');
		expect(fs.existsSync(path.join(dataDir, 'secret'))).toBe(false);
	});

	it('prefers the configured secret over an existing file', () => {
		const dataDir = tempDir();
		const generated = loadOrCreateSecret(null, dataDir);
		expect(loadOrCreateSecret('configured-secret', dataDir)).toBe('configured-secret');
		expect(fs.readFileSync(path.join(dataDir, 'secret'), 'utf8')).toBe(generated);
	});

	it('never signs with an empty secret when the secret file is empty (a crash between create and write)', () => {
		for (const content of ['', '\n', '   ']) {
			const dataDir = tempDir();
			fs.writeFileSync(path.join(dataDir, 'secret'), content, { mode: 0o600 });
			let secret: string | null;
			try {
				secret = loadOrCreateSecret(null, dataDir);
			} catch {
				secret = null; // refusing to start is fine too
			}
			expect(secret, JSON.stringify(content)).not.toBe('');
		}
	});

	it('reads a secret file written by an operator, ignoring a trailing newline', () => {
		const dataDir = tempDir();
		fs.writeFileSync(path.join(dataDir, 'secret'), 'operator-secret\n', { mode: 0o600 });
		expect(loadOrCreateSecret(null, dataDir)).toBe('operator-secret');
	});
});
