/**
 * Sends at most one value per interval and always the latest one, so presence (cursors, drags)
 * stays light on a shared classroom Wi-Fi but still ends where the pointer stopped.
 */
export interface Throttle<T> {
	push(value: T): void;
	/** Drops a value still waiting, e.g. before sending a final "done" state. */
	cancel(): void;
}

export function throttle<T>(intervalMs: number, send: (value: T) => void): Throttle<T> {
	let last = -Infinity;
	let pending: { value: T } | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;

	const flush = () => {
		timer = undefined;
		if (!pending) return;
		last = performance.now();
		const { value } = pending;
		pending = null;
		send(value);
	};

	return {
		push(value) {
			pending = { value };
			const wait = intervalMs - (performance.now() - last);
			if (wait <= 0) flush();
			else timer ??= setTimeout(flush, wait);
		},
		cancel() {
			clearTimeout(timer);
			timer = undefined;
			pending = null;
		}
	};
}
