/**
 * The PNG renderer (server/exports/raster.ts): resvg in a child process, so that a panic inside
 * it (it aborts the process it runs in) fails only the image it was drawing, never the server.
 */
import { describe, expect, it } from 'vitest';
import { RasterError, svgToPng } from '../../server/exports/raster.js';

const SQUARE = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#0072B2"/></svg>';
/** @resvg/resvg-js 2.6.2 panics on this: a group with opacity whose content lies outside the canvas. */
const PANICS = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><g opacity="0.5"><circle cx="300" cy="300" r="3" fill="none" stroke="red"/></g></svg>';

function header(png: Uint8Array) {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: png[24], colorType: png[25] };
}

describe('svgToPng', () => {
	it('draws an SVG at the asked zoom as an opaque 8-bit RGB PNG', async () => {
		const png = await svgToPng(SQUARE, 2);
		expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		expect(header(png)).toEqual({ width: 80, height: 60, bitDepth: 8, colorType: 2 });
	});

	it('fails only the image whose drawing crashed the renderer; the next one gets a new renderer', async () => {
		const crashed = svgToPng(PANICS, 1);
		await expect(crashed).rejects.toBeInstanceOf(RasterError);
		await expect(crashed).rejects.toThrow(/the image renderer stopped \(resvg panicked\)/);
		expect(header(await svgToPng(SQUARE, 1))).toMatchObject({ width: 40, height: 30 });
	});

	it('answers an SVG it cannot read with a clear error', async () => {
		await expect(svgToPng('<svg', 1)).rejects.toThrow(/^the image could not be drawn: /);
	});
});
