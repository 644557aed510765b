/**
 * Decision 012: the cost of the exports on the server that also serves live boards. Measured in
 * one run, alternated over rounds, on the worked-example board (16 stakeholders, 14 relations,
 * 7 actions):
 *   - a map PNG at 2×: drawn by our renderer process (IPC, opaque RGB PNG) against resvg called in
 *     this process (the reference: no isolation, resvg's own RGBA PNG);
 *   - the PDF report of 8 groups: as built (opaque RGB pictures from the renderer) against the same
 *     report with resvg's RGBA PNGs (pdfkit splits and recompresses the alpha channel in this
 *     thread): build time, and the event-loop delay the live boards would feel meanwhile.
 * Ratios are ours / reference.
 *
 *   npx tsx bench/exports.mts [--rounds 3]
 */
import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { applyTemplate } from '../src/lib/board/templates/index.js';
import { FONT_FILES } from '../server/exports/fonts.js';
import { inLocale } from '../server/exports/locale.js';
import { mapSvg } from '../server/exports/mapImage.js';
import { svgToPng } from '../server/exports/raster.js';
import { buildReport, type ReportInput } from '../server/exports/report.js';

const args = process.argv.slice(2);
const ROUNDS = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const fontFiles = Object.values(FONT_FILES).flatMap((weights) => Object.values(weights));

function inProcessPng(svg: string, zoom: number): Uint8Array {
	const resvg = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'Noto Sans' }, fitTo: { mode: 'zoom', value: zoom }, background: '#ffffff' });
	return resvg.render().asPng();
}

const boards = Array.from({ length: 8 }, (_, i) => {
	const doc = new Y.Doc();
	applyTemplate(doc, 'example', i % 2 ? 'id' : 'en', Date.UTC(2026, 10, 20));
	return { name: `Group ${i + 1}`, doc, snapshot: { name: 'Workshop report', createdAt: Date.UTC(2026, 10, 29) }, readAt: Date.UTC(2026, 10, 29), participants: 5 };
});
const input: ReportInput = { workshopTitle: 'Smart Kota Pekanbaru', workshopCreatedAt: Date.UTC(2026, 10, 20), generatedAt: Date.UTC(2026, 10, 29), participants: 40, boards, labelSet: 'mendelow' };
const svg = inLocale('ko', () => mapSvg(boards[0].doc, { title: 'Group 1', subtitle: 'Smart Kota Pekanbaru' }));

/** Wall time, this thread's busy time (event-loop utilisation: the live boards wait meanwhile) and the loop's delays. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; busy: number; delayP99: number; delayMax: number; result: T }> {
	const delay = monitorEventLoopDelay({ resolution: 5 });
	delay.enable();
	const elu = performance.eventLoopUtilization();
	const start = performance.now();
	const result = await run();
	const ms = performance.now() - start;
	const busy = performance.eventLoopUtilization(elu).active;
	delay.disable();
	return { ms, busy, delayP99: delay.percentile(99) / 1e6, delayMax: delay.max / 1e6, result };
}

/** The report with resvg's RGBA PNGs, drawn in this process: pdfkit splits their alpha channel here. */
const reportWithRgbaPictures = () => inLocale('ko', () => buildReport(input, () => {}, async (picture, zoom) => inProcessPng(picture, zoom)));

const rows: Record<string, number[]> = {};
const add = (key: string, value: number) => (rows[key] ??= []).push(value);

// Warm-up: fonts parsed, renderer process started.
await svgToPng(svg, 1);
inProcessPng(svg, 1);
await inLocale('ko', () => buildReport({ ...input, boards: boards.slice(0, 1) }));

for (let round = 0; round < ROUNDS; round++) {
	const ours = await timed(() => svgToPng(svg, 2));
	const reference = await timed(async () => inProcessPng(svg, 2));
	add('map PNG 2×, renderer process (ms)', ours.ms);
	add('map PNG 2×, resvg in this process (ms)', reference.ms);
	add('map PNG 2×, renderer process: this thread busy (ms)', ours.busy);
	add('map PNG 2×, in this process: this thread busy (ms)', reference.busy);

	const report = await timed(() => inLocale('ko', () => buildReport(input)));
	const rgba = await timed(reportWithRgbaPictures);
	add('report 8 groups (ms)', report.ms);
	add('report 8 groups, RGBA pictures (ms)', rgba.ms);
	add('report: event-loop p99 (ms)', report.delayP99);
	add('report, RGBA pictures: event-loop p99 (ms)', rgba.delayP99);
	add('report: event-loop max (ms)', report.delayMax);
	add('report, RGBA pictures: event-loop max (ms)', rgba.delayMax);
	add('report: this thread busy (ms)', report.busy);
	add('report, RGBA pictures: this thread busy (ms)', rgba.busy);
	add('report size (MB)', report.result.length / 1e6);
	add('report size, RGBA pictures (MB)', rgba.result.length / 1e6);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = Object.fromEntries(Object.entries(rows).map(([key, values]) => [key, Math.round(median(values) * 100) / 100]));
const ratio = (a: string, b: string) => Math.round((summary[a] / summary[b]) * 1000) / 1000;
const ratios = {
	'map PNG time: renderer process / in this process': ratio('map PNG 2×, renderer process (ms)', 'map PNG 2×, resvg in this process (ms)'),
	'map PNG thread busy: renderer process / in this process': ratio('map PNG 2×, renderer process: this thread busy (ms)', 'map PNG 2×, in this process: this thread busy (ms)'),
	'report thread busy: RGB / RGBA pictures': ratio('report: this thread busy (ms)', 'report, RGBA pictures: this thread busy (ms)'),
	'report time: RGB / RGBA pictures': ratio('report 8 groups (ms)', 'report 8 groups, RGBA pictures (ms)'),
	'report event-loop p99: RGB / RGBA pictures': ratio('report: event-loop p99 (ms)', 'report, RGBA pictures: event-loop p99 (ms)')
};
const out = { date: new Date().toISOString(), rounds: ROUNDS, medians: summary, ratios };
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/exports-${out.date.slice(0, 10)}.json`, `${JSON.stringify(out, null, '\t')}\n`);
console.log(JSON.stringify(out, null, 2));
process.exit(0);
