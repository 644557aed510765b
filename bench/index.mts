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
 * --parts fanout,coldload,browser, --before FILE (the run to compare with; default: the newest
 * other full run in bench/results), --render FILE (no run: writes the chart and BENCHMARKS.md again
 * from that results file).
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

interface Report {
	date: string;
	smoke: boolean;
	totalSeconds: number;
	machine: ReturnType<typeof machine>;
	parts: PartResult[];
}

const LABELS: Record<string, string> = { socketio: 'ours, socket.io', yjs: 'ours, /yjs', ywss: '@y/websocket-server', hocuspocus: 'Hocuspocus' };
const log = (line: string) => console.log(line);

const rendering = args.includes('--render') ? args[args.indexOf('--render') + 1] : null;
const report: Report = rendering
	? JSON.parse(fs.readFileSync(rendering, 'utf8'))
	: await runParts();
const results = report.parts;
const resultsDir = path.join(ROOT, 'bench/results');
fs.mkdirSync(resultsDir, { recursive: true });
const stem = rendering ? path.basename(rendering, '.json') : report.smoke ? `${report.date}-smoke` : report.date;
if (!rendering) fs.writeFileSync(path.join(resultsDir, `${stem}.json`), `${JSON.stringify(report, null, '\t')}\n`);
const chart = `${stem}-latency.svg`;
fs.writeFileSync(path.join(resultsDir, chart), `${latencyChart(fanoutSeries(results))}\n`);
const before = previousRun(resultsDir, `${stem}.json`);
fs.writeFileSync(path.join(ROOT, report.smoke ? 'bench/results/BENCHMARKS-smoke.md' : 'BENCHMARKS.md'), markdown(report, report.smoke ? chart : `bench/results/${chart}`, before));
log(`\nall parts: ${report.totalSeconds} s; wrote bench/results/${stem}.json${report.smoke ? ' and bench/results/BENCHMARKS-smoke.md' : ' and BENCHMARKS.md'}`);
const failed = results.flatMap((r) => r.targets.filter((t) => !t.pass).map((t) => `${r.part}: ${t.name}`));
log(failed.length === 0 ? 'every target met' : `targets not met:\n  ${failed.join('\n  ')}`);
process.exit(0);

/** Runs the parts asked for, one after the other. */
async function runParts() {
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
	return { date: new Date().toISOString().slice(0, 10), smoke, totalSeconds: Math.round((Date.now() - started) / 1000), machine: machine(), parts: results };
}

/**
 * p99 per system against the number of clients, from the fan-out configurations and capacity steps:
 * one line per system for rooms of 40 and one for rooms of 10 (100×10 has as many clients as 25×40).
 */
function fanoutSeries(all: readonly PartResult[]): Series[] {
	const fanout = all.find((r) => r.part === 'fanout');
	if (!fanout) return [];
	const lines = new Map<string, Series>();
	const add = (roomSize: string, figures: { system: string; clients: number; p99: number }) => {
		const key = `${figures.system} ${roomSize}`;
		const name = LABELS[figures.system] ?? figures.system;
		const series: Series = lines.get(key) ?? { name, points: [], colorKey: figures.system };
		if (roomSize !== '40') Object.assign(series, { hollow: true, hollowLabel: `rooms of ${roomSize}` });
		if (!series.points.some((p) => p.clients === figures.clients)) series.points.push({ clients: figures.clients, p99: figures.p99 });
		lines.set(key, series);
	};
	for (const [config, bySys] of Object.entries(fanout.systems.summary ?? {}) as Array<[string, Record<string, { system: string; clients: number; p99: number }>]>) {
		const roomSize = config.split('x')[1] ?? '40';
		for (const figures of Object.values(bySys)) add(roomSize, figures);
	}
	// Capacity steps are rooms of 40 too; a client count a configuration measured keeps that figure.
	const capacity = (fanout.systems.capacity ?? {}) as Record<string, { steps: Array<{ clients: number; p99: number }> }>;
	for (const [system, { steps }] of Object.entries(capacity)) for (const step of steps) add('40', { system, ...step });
	for (const series of lines.values()) series.points.sort((a, b) => a.clients - b.clients);
	return [...lines.values()];
}

/** The run to compare with: --before FILE, or the newest other full run in bench/results. */
function previousRun(dir: string, current: string): { file: string; run: Report } | null {
	const chosen = args.includes('--before')
		? args[args.indexOf('--before') + 1]
		: fs
				.readdirSync(dir)
				.filter((f) => /^\d{4}-\d{2}-\d{2}.*\.json$/.test(f) && !f.includes('smoke') && f !== current)
				.sort()
				.at(-1);
	if (!chosen) return null;
	const file = path.isAbsolute(chosen) ? chosen : path.join(dir, path.basename(chosen));
	if (path.basename(file) === current) return null;
	return { file: path.relative(ROOT, file), run: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

function markdown(r: Report, chartPath: string, before: ReturnType<typeof previousRun>): string {
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
	if (before && !r.smoke) lines.push(...sinceBefore(r, before), '');
	for (const p of r.parts) {
		lines.push(`## ${p.part}: ratios`, '', '| ratio | value |', '|---|---|', ...Object.entries(p.ratios).map(([k, v]) => `| ${k} | ${fmt(v)} |`), '');
		if (p.notes.length > 0) lines.push('Notes:', '', ...p.notes.map((n) => `- ${n}`), '');
	}
	return `${lines.join('\n')}\n`;
}

/** A target's name without what a run adds to it (the reference fell behind or saturated, not all delivered). */
function stable(name: string): string {
	return name.replace(/ \((REFERENCE FELL BEHIND|NOT all delivered|reference server saturated)[^)]*\)/g, '');
}

/** Every target figure and ratio both runs have, side by side: what the changes between them did. */
function sinceBefore(r: Report, before: NonNullable<ReturnType<typeof previousRun>>): string[] {
	const rows: string[] = [];
	for (const p of r.parts) {
		const old = before.run.parts.find((q) => q.part === p.part);
		if (!old) continue;
		for (const t of p.targets) {
			const was = old.targets.find((o) => stable(o.name) === stable(t.name));
			if (was) rows.push(`| ${p.part} | ${t.name} | ${fmt(was.value)} | ${fmt(t.value)} | ${fmt(t.value / was.value)} |`);
		}
		for (const [name, value] of Object.entries(p.ratios)) {
			if (name in old.ratios) rows.push(`| ${p.part} | ratio: ${name} | ${fmt(old.ratios[name])} | ${fmt(value)} | ${fmt(value / old.ratios[name])} |`);
		}
	}
	return [
		`## Against the run before (\`${before.file}\`, ${before.run.date}, ${before.run.totalSeconds} s)`,
		'',
		'Same harness and machine; each run compares its systems side by side, so read the ratios within a run first. now/before < 1 is lower (better for latencies and costs).',
		'',
		'| part | figure | before | now | now/before |',
		'|---|---|---|---|---|',
		...rows
	];
}

function fmt(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Math.round(value * 100) / 100);
}
