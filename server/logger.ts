import pino from 'pino';
import type { LogLevel } from './config.js';

export type Logger = pino.Logger;

/** JSON logs on stdout. Tokens and secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: LogLevel): Logger {
	return pino({
		level,
		redact: { paths: ['token', '*.token', 'secret', '*.secret', 'req.headers.authorization'], censor: '[redacted]' }
	});
}
