/**
 * `npm run bench`: every benchmark of issue 7 in one run, on this machine, one part after the other
 * (the machine must be otherwise idle: every figure is compared with a reference measured in the
 * same run, but a busy machine still blurs them).
 *
 *   fanout    sync fan-out of 4 systems (ours over socket.io and /yjs, @y/websocket-server,
 *             Hocuspocus), capacity, Redis 2 instances vs 1     — bench/fanout/
 *   coldload  joining the large board, 40 joins at once, memory — bench/coldload/
 *   browser   time to interactive and frame times in Chromium   — bench/browser/
 *
 * Writes bench/results/<date>.json (every figure), bench/results/<date>-latency.svg and
 * BENCHMARKS.md (the summary). Options: --smoke (tiny sizes, a minute or two: proves the harness),
 * --parts fanout,coldload,browser.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { latencyChart, machine, type PartResult, type Series } from './report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const parts = (args[args.indexOf('--parts') + 1] && args.includes('--parts') ? args[args.indexOf('--parts') + 1] : 'fanout,coldload,browser').split(',');

const LABELS: Record<string, string> = { socketio: 'ours, socket.io', yjs: 'ours, /yjs', ywss: '@y/websocket-server', hocuspocus: 'Hocuspocus' };
const log = (line: string) => console.log(line);
const started = Date.now();

// The browser and cold-load parts run the production build, as users get it.
if ((parts.includes('browser') || parts.includes('coldload')) && !(fs.existsSync(path.join(ROOT, 'build/handler.js')) && fs.existsSync(path.join(ROOT, 'dist-server/server/main.js')))) {
	log('building the app (npm run build)…');
	if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}

const results: PartResult[] = [];
for (const part of parts) {
	const partStarted = Date.now();
	log(`\n── ${part} ─────────────────────────────────────────────`);
	if (part === 'fanout') {
		const { run } = await import('./fanout/index.mjs');
		// Sized for the 15-minute budget of the whole run on 2 cores.
		results.push(await run({ smoke, duration: smoke ? undefined : 10, capacity: true, capacitySteps: smoke ? [1, 2] : [5, 10, 15, 25], capacityDuration: smoke ? 3 : 6, redis: true, log }));
	} else if (part === 'coldload') {
		const { run } = await import('./coldload/index.mjs');
		results.push(await run({ smoke, rounds: smoke ? undefined : 5, burstRounds: smoke ? undefined : 2 }));
	} else if (part === 'browser') {
		const { run } = await import('./browser/index.mjs');
		results.push(await run({ smoke, rounds: smoke ? undefined : 2, warmup: smoke ? undefined : 1, profile: false }));
	} else throw new Error(`unknown part "${part}"`);
	log(`${part}: ${Math.round((Date.now() - partStarted) / 1000)} s`);
}

const date = new Date().toISOString().slice(0, 10);
const totalSeconds = Math.round((Date.now() - started) / 1000);
const report = { date, smoke, totalSeconds, machine: machine(), parts: results };
const resultsDir = path.join(ROOT, 'bench/results');
fs.mkdirSync(resultsDir, { recursive: true });
const stem = smoke ? `${date}-smoke` : date;
fs.writeFileSync(path.join(resultsDir, `${stem}.json`), `${JSON.stringify(report, null, '\t')}\n`);
const chart = `${stem}-latency.svg`;
fs.writeFileSync(path.join(resultsDir, chart), `${latencyChart(fanoutSeries(results))}\n`);
fs.writeFileSync(path.join(ROOT, smoke ? 'bench/results/BENCHMARKS-smoke.md' : 'BENCHMARKS.md'), markdown(report, smoke ? chart : `bench/results/${chart}`));
log(`\nall parts: ${totalSeconds} s; wrote bench/results/${stem}.json${smoke ? ' and bench/results/BENCHMARKS-smoke.md' : ' and BENCHMARKS.md'}`);
const failed = results.flatMap((r) => r.targets.filter((t) => !t.pass).map((t) => `${r.part}: ${t.name}`));
log(failed.length === 0 ? 'every target met' : `targets not met:\n  ${failed.join('\n  ')}`);
process.exit(0);

/** p99 per system against the number of clients, from the fan-out configurations and capacity steps. */
function fanoutSeries(all: readonly PartResult[]): Series[] {
	const fanout = all.find((r) => r.part === 'fanout');
	if (!fanout) return [];
	const bySystem = new Map<string, Series>();
	const add = (figures: { system: string; clients: number; p99: number }) => {
		const series = bySystem.get(figures.system) ?? { name: LABELS[figures.system] ?? figures.system, points: [] };
		if (!series.points.some((p) => p.clients === figures.clients)) series.points.push({ clients: figures.clients, p99: figures.p99 });
		bySystem.set(figures.system, series);
	};
	for (const bySys of Object.values(fanout.systems.summary ?? {}) as Array<Record<string, { system: string; clients: number; p99: number }>>) {
		for (const figures of Object.values(bySys)) add(figures);
	}
	return [...bySystem.values()];
}

function markdown(r: typeof report, chartPath: string): string {
	const m = r.machine;
	const lines = [
		'# Benchmarks',
		'',
		`Generated by \`npm run bench\`${r.smoke ? ' --smoke (tiny sizes: proves the harness, not the figures)' : ''} on ${r.date}, ${r.totalSeconds} s in all.`,
		`Machine: ${m.cores}× ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}. Every comparison is measured in the same run, alternating the systems, and quoted as a ratio; absolute times are of this machine. Every figure: \`bench/results/${r.smoke ? `${r.date}-smoke` : r.date}.json\`.`,
		'',
		'## Targets',
		'',
		'| part | target | value | limit | |',
		'|---|---|---|---|---|',
		...r.parts.flatMap((p) => p.targets.map((t) => `| ${p.part} | ${t.name} | ${fmt(t.value)} | ${fmt(t.limit)} | ${t.pass ? 'pass' : '**fail**'} |`)),
		'',
		'## Fan-out',
		'',
		`![p99 latency against clients](${chartPath})`,
		'',
		'What the profiles show and the optimisations made, each with its measured effect: [bench/OPTIMISATIONS.md](bench/OPTIMISATIONS.md).',
		''
	];
	for (const p of r.parts) {
		lines.push(`## ${p.part}: ratios`, '', '| ratio | value |', '|---|---|', ...Object.entries(p.ratios).map(([k, v]) => `| ${k} | ${fmt(v)} |`), '');
		if (p.notes.length > 0) lines.push('Notes:', '', ...p.notes.map((n) => `- ${n}`), '');
	}
	return `${lines.join('\n')}\n`;
}

function fmt(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Math.round(value * 100) / 100);
}
