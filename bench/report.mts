/**
 * What every part of `npm run bench` returns, and how the driver (bench/index.mts) turns the parts
 * into bench/results/<date>.json and BENCHMARKS.md with a latency-vs-clients chart.
 */
import os from 'node:os';

export interface Target {
	name: string;
	value: number;
	limit: number;
	pass: boolean;
}

export interface PartResult {
	part: string;
	/** machine() plus what a part adds (e.g. the browser's version). */
	machine: Machine & { [extra: string]: unknown };
	params: Record<string, unknown>;
	systems: Record<string, any>;
	ratios: Record<string, number>;
	targets: Target[];
	notes: string[];
}

export interface Machine {
	[extra: string]: unknown;
	cpu: string;
	cores: number;
	memoryGb: number;
	node: string;
	os: string;
}

export function machine(): Machine {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		os: `${os.type()} ${os.release()}`
	};
}

/** One line of the latency chart: a system's p99 (ms) at each client count. */
export interface Series {
	name: string;
	points: Array<{ clients: number; p99: number }>;
	/** Series with the same key share a colour (one system, several room sizes). */
	colorKey?: string;
	/** Drawn as hollow markers without a line, with one legend entry for all such series. */
	hollow?: boolean;
	/** The legend entry of the hollow series (the first one's is used). */
	hollowLabel?: string;
}

const COLORS = ['#0b6e99', '#c2571a', '#5b6b7a', '#2e8b57', '#8e44ad'];

/**
 * A small SVG line chart (both axes log-scaled), self-contained so
 * BENCHMARKS.md renders it on any Git host without scripts or fonts from elsewhere.
 */
export function latencyChart(series: readonly Series[], { width = 640, height = 360, title = 'Fan-out p99 latency vs clients' } = {}): string {
	const margin = { top: 36, right: 170, bottom: 44, left: 56 };
	const plotW = width - margin.left - margin.right;
	const plotH = height - margin.top - margin.bottom;
	const all = series.flatMap((s) => s.points);
	if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40"><text x="8" y="24">no data</text></svg>`;
	const minX = Math.log10(Math.min(...all.map((p) => p.clients)));
	const maxX = Math.log10(Math.max(...all.map((p) => p.clients)));
	// Log scale on both axes: a system that collapses (seconds) and one that keeps up (ms) both stay readable.
	const minY = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...all.map((p) => p.p99)))));
	const maxY = 10 ** Math.ceil(Math.log10(Math.max(minY * 10, ...all.map((p) => p.p99))));
	const x = (clients: number) => margin.left + (maxX === minX ? plotW / 2 : ((Math.log10(clients) - minX) / (maxX - minX)) * plotW);
	const y = (ms: number) => margin.top + plotH - ((Math.log10(Math.max(ms, minY)) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))) * plotH;
	const ticksY: number[] = [];
	for (let tick = minY; tick <= maxY * 1.001; tick *= 10) ticksY.push(tick);
	const ticksX = [...new Set(all.map((p) => p.clients))].sort((a, b) => a - b);
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="#fff"/>`,
		`<text x="${margin.left}" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`
	];
	for (const tick of ticksY) {
		parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e3e7eb"/>`);
		parts.push(`<text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${round(tick)}</text>`);
	}
	for (const tick of ticksX) parts.push(`<text x="${x(tick)}" y="${margin.top + plotH + 16}" text-anchor="middle">${tick}</text>`);
	parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle">clients (log scale)</text>`);
	parts.push(`<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">p99 latency (ms, log scale)</text>`);
	const keys = [...new Set(series.map((s) => s.colorKey ?? s.name))];
	const colorOf = (s: Series) => COLORS[keys.indexOf(s.colorKey ?? s.name) % COLORS.length];
	let legendRow = 0;
	const legend = (draw: (lx: number, ly: number) => string, label: string) => {
		const ly = margin.top + 8 + legendRow++ * 18;
		parts.push(draw(margin.left + plotW + 12, ly), `<text x="${margin.left + plotW + 32}" y="${ly + 4}">${escape(label)}</text>`);
	};
	for (const s of series) {
		const color = colorOf(s);
		const points = [...s.points].sort((a, b) => a.clients - b.clients);
		if (s.hollow) {
			for (const p of points) parts.push(`<circle cx="${x(p.clients)}" cy="${y(p.p99)}" r="5" fill="none" stroke="${color}" stroke-width="2"/>`);
			continue;
		}
		parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${x(p.clients)},${y(p.p99)}`).join(' ')}"/>`);
		for (const p of points) parts.push(`<circle cx="${x(p.clients)}" cy="${y(p.p99)}" r="3" fill="${color}"/>`);
		legend((lx, ly) => `<line x1="${lx}" x2="${lx + 16}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`, s.name);
	}
	const hollow = series.find((s) => s.hollow);
	if (hollow) legend((lx, ly) => `<circle cx="${lx + 8}" cy="${ly}" r="5" fill="none" stroke="#5b6b7a" stroke-width="2"/>`, hollow.hollowLabel ?? hollow.name);
	parts.push('</svg>');
	return parts.join('\n');
}

const round = (value: number) => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
