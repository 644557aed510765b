/**
 * SVG → PNG with resvg (a Rust SVG renderer, prebuilt for each platform through npm), given the
 * export fonts as files and nothing from the system, so a PNG looks the same on every server;
 * resvg falls back from one font file to the next per character, as a browser does.
 *
 * resvg runs in a child process, never in the server's: a Rust panic inside it aborts the whole
 * process it runs in (seen with @resvg/resvg-js 2.6.2: a group with `opacity` whose content lies
 * outside the canvas; our images use paint opacities instead, but the next panic may be another),
 * and a server that dies ends every workshop's live session. A renderer that dies fails only
 * the images it was drawing; the next image starts a new one. It stops when idle for a minute.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { FONT_FILES } from './fonts.js';

const require = createRequire(import.meta.url);

/** The child's whole program (CommonJS, run with `node -e`): render what it is sent, answer with the PNG. */
const RENDERER_SOURCE = `
const zlib = require('node:zlib');
const { Resvg } = require(process.env.HELIXBOARD_RESVG);
const fontFiles = JSON.parse(process.env.HELIXBOARD_FONTS);

function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	return Buffer.concat([length, body, crc]);
}

// The page is opaque (white background), so the PNG drops the alpha channel: a PDF then embeds
// its compressed rows as they are, where RGBA would have to be split and recompressed there.
function opaquePng(image) {
	const { width, height } = image;
	const rgba = image.pixels;
	const rows = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0, o = 0, i = 0; y < height; y++) {
		rows[o++] = 0;
		for (let x = 0; x < width; x++, i += 4) {
			rows[o++] = rgba[i];
			rows[o++] = rgba[i + 1];
			rows[o++] = rgba[i + 2];
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

process.on('message', ({ id, svg, zoom }) => {
	try {
		const resvg = new Resvg(svg, {
			font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' },
			fitTo: { mode: 'zoom', value: zoom },
			background: '#ffffff'
		});
		process.send({ id, png: opaquePng(resvg.render()) });
	} catch (error) {
		process.send({ id, error: String((error && error.message) || error) });
	}
});
process.on('disconnect', () => process.exit(0));
`;

const IDLE_MS = 60_000;
const RENDER_TIMEOUT_MS = 60_000;

export class RasterError extends Error {}

interface Pending {
	resolve(png: Uint8Array): void;
	reject(error: Error): void;
	timer: NodeJS.Timeout;
}

class Renderer {
	#child: ChildProcess | null = null;
	#pending = new Map<number, Pending>();
	#nextId = 1;
	#idle: NodeJS.Timeout | null = null;

	render(svg: string, zoom: number): Promise<Uint8Array> {
		const child = this.#start();
		const id = this.#nextId++;
		if (this.#idle) clearTimeout(this.#idle);
		child.channel?.ref();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => this.#fail(id, new RasterError('drawing the image took too long')), RENDER_TIMEOUT_MS);
			this.#pending.set(id, { resolve, reject, timer });
			child.send({ id, svg, zoom });
		});
	}

	close(): void {
		this.#child?.kill();
		this.#child = null;
	}

	#start(): ChildProcess {
		if (this.#child) return this.#child;
		const fonts = Object.values(FONT_FILES).flatMap((weights) => Object.values(weights));
		const child = spawn(process.execPath, ['-e', RENDERER_SOURCE], {
			stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
			serialization: 'advanced',
			env: { ...process.env, HELIXBOARD_RESVG: require.resolve('@resvg/resvg-js'), HELIXBOARD_FONTS: JSON.stringify(fonts) }
		});
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
		child.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
			const pending = this.#pending.get(message.id);
			if (!pending) return;
			this.#pending.delete(message.id);
			clearTimeout(pending.timer);
			if (message.png) pending.resolve(new Uint8Array(message.png));
			else pending.reject(new RasterError(`the image could not be drawn: ${message.error}`));
			this.#settle();
		});
		child.on('exit', () => {
			if (this.#child === child) this.#child = null;
			const reason = new RasterError(`the image renderer stopped${stderr.includes('panicked') ? ' (resvg panicked)' : ''}`);
			for (const id of [...this.#pending.keys()]) this.#fail(id, reason);
		});
		// Idle, it must not keep the server's process alive (stderr's pipe included).
		child.unref();
		(child.stderr as (NodeJS.ReadableStream & { unref?(): void }) | null)?.unref?.();
		this.#child = child;
		return child;
	}

	#fail(id: number, error: Error): void {
		const pending = this.#pending.get(id);
		if (!pending) return;
		this.#pending.delete(id);
		clearTimeout(pending.timer);
		pending.reject(error);
		// A render that timed out may still be running: start afresh.
		if (error.message.includes('too long')) this.close();
		this.#settle();
	}

	/** Nothing waiting: let the server exit without it, and stop it after a while. */
	#settle(): void {
		if (this.#pending.size > 0 || !this.#child) return;
		this.#child.channel?.unref();
		this.#idle = setTimeout(() => this.close(), IDLE_MS);
		this.#idle.unref();
	}
}

const renderer = new Renderer();

/** `svg` rendered at `zoom` times its size (2: crisp on projectors and in print). */
export function svgToPng(svg: string, zoom = 2): Promise<Uint8Array> {
	return renderer.render(svg, zoom);
}
