/** Ids are URL-safe random strings (board format v1). 16 characters of a 64-letter alphabet = 96 bits. */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const ID_LENGTH = 16;
const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function newId(length = ID_LENGTH): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	let id = '';
	for (const byte of bytes) id += ID_ALPHABET[byte & 63];
	return id;
}

/** Accepts ids written by other clients too: any URL-safe string of 8–64 characters. */
export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}

/**
 * Join codes are typed by people from a projector: short, upper case, and without the letters
 * people confuse (0/O, 1/I/L). 31 letters ^ 6 ≈ 8.9e8 codes.
 */
const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;

export function newJoinCode(): string {
	let code = '';
	while (code.length < JOIN_CODE_LENGTH) {
		// Rejection sampling keeps every letter equally likely (256 is not a multiple of 31).
		const [byte] = crypto.getRandomValues(new Uint8Array(1));
		if (byte < 248) code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
	}
	return code;
}

/** What people type: any case, spaces or dashes between groups of letters. */
export function normalizeJoinCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isJoinCode(value: string): boolean {
	return value.length === JOIN_CODE_LENGTH && [...value].every((c) => JOIN_CODE_ALPHABET.includes(c));
}
