/**
 * Signed access tokens: `v1.<payload>.<signature>`, payload base64url JSON, signature
 * HMAC-SHA256 over "v1.<payload>" with the deployment's secret. Stateless, so every instance can
 * check them; bound to one workshop; they expire.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';

const TokenClaims = v.variant('kind', [
	v.object({ kind: v.literal('facilitator'), workshopId: v.string(), exp: v.number() }),
	v.object({
		kind: v.literal('participant'),
		workshopId: v.string(),
		participantId: v.string(),
		boardId: v.string(),
		exp: v.number()
	})
]);
export type TokenClaims = v.InferOutput<typeof TokenClaims>;

const VERSION = 'v1';

function sign(data: string, secret: string): string {
	return createHmac('sha256', secret).update(data).digest('base64url');
}

export function signToken(claims: TokenClaims, secret: string): string {
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	const data = `${VERSION}.${payload}`;
	return `${data}.${sign(data, secret)}`;
}

/** The claims of a genuine, unexpired token; null for anything else. Never throws. */
export function verifyToken(token: unknown, secret: string, now = Date.now()): TokenClaims | null {
	if (typeof token !== 'string' || token.length > 2048) return null;
	const parts = token.split('.');
	if (parts.length !== 3 || parts[0] !== VERSION) return null;
	const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, secret));
	const given = Buffer.from(parts[2]);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return null;
	}
	const parsed = v.safeParse(TokenClaims, json);
	if (!parsed.success || parsed.output.exp <= now) return null;
	return parsed.output;
}

/**
 * The signing key: SECRET when set, otherwise one generated on first start into DATA_DIR so
 * tokens stay valid across restarts.
 */
export function loadOrCreateSecret(configured: string | null, dataDir: string): string {
	if (configured) return configured;
	const file = path.join(dataDir, 'secret');
	const existing = readSecret(file);
	if (existing) return existing;
	fs.mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('hex');
	// A file that exists but holds no usable secret (a crash between create and write) is replaced:
	// signing with an empty key would make every token forgeable.
	const flag = fs.existsSync(file) ? 'w' : 'wx';
	try {
		fs.writeFileSync(file, secret, { mode: 0o600, flag });
		return secret;
	} catch {
		// 'wx' fails if another process created it meanwhile; then that one's secret wins.
		const theirs = readSecret(file);
		if (!theirs) throw new Error(`cannot create a secret in ${file}`);
		return theirs;
	}
}

const MIN_SECRET_LENGTH = 1;

function readSecret(file: string): string | null {
	try {
		const secret = fs.readFileSync(file, 'utf8').trim();
		return secret.length >= MIN_SECRET_LENGTH ? secret : null;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
}
