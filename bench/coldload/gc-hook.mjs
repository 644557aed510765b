/**
 * Preloaded into the benchmark's server process only (`node --expose-gc --import <this file> …`),
 * and only when HELIXBOARD_BENCH_GC_HOOK=1: on SIGUSR2 it collects garbage twice and prints one JSON
 * line `{"benchMemory":{seq, rss, heapUsed, heapTotal, external, arrayBuffers}}` on stderr, so the
 * bench can read memory after a full GC from outside. The server's own code is untouched.
 */
if (process.env.HELIXBOARD_BENCH_GC_HOOK === '1' && typeof globalThis.gc === 'function') {
	let seq = 0;
	process.on('SIGUSR2', () => {
		globalThis.gc();
		globalThis.gc();
		const memory = process.memoryUsage();
		process.stderr.write(`${JSON.stringify({ benchMemory: { seq: ++seq, ...memory } })}\n`);
	});
}

/** Diagnosis only: with HELIXBOARD_BENCH_HEAP_DIR set, each SIGUSR2 also writes a heap snapshot there. */
if (process.env.HELIXBOARD_BENCH_GC_HOOK === '1' && process.env.HELIXBOARD_BENCH_HEAP_DIR) {
	const v8 = await import('node:v8');
	const path = await import('node:path');
	let n = 0;
	process.on('SIGUSR2', () => {
		v8.writeHeapSnapshot(path.join(process.env.HELIXBOARD_BENCH_HEAP_DIR, `heap-${++n}.heapsnapshot`));
	});
}
