import type { Bus } from './Bus.js';

/** The bus of a single embedded instance: delivery within this process only. */
export class LocalBus implements Bus {
	private readonly channels = new Map<string, Set<(message: Uint8Array) => void>>();

	async publish(channel: string, message: Uint8Array) {
		for (const handler of this.channels.get(channel) ?? []) handler(message);
	}

	async subscribe(channel: string, handler: (message: Uint8Array) => void) {
		let handlers = this.channels.get(channel);
		if (!handlers) this.channels.set(channel, (handlers = new Set()));
		handlers.add(handler);
		return async () => {
			handlers.delete(handler);
			if (handlers.size === 0) this.channels.delete(channel);
		};
	}

	onReconnect() {
		return () => {}; // an in-process bus is never cut off
	}

	async close() {
		this.channels.clear();
	}
}
