/**
 * The live workshop as a page sees it, over one board's sync connection: the workshop state
 * (timer, presenting, gallery walk, vote, archive), the presenter's latest frame, and the server
 * clock. Reactive fields, so components just read them.
 *
 * Times are the server's: `serverNow()` is this browser's clock plus the offset learnt from the
 * last hello, so a skewed laptop clock or a reconnect never shifts a countdown.
 */
import { EMPTY_WORKSHOP_STATE, type PresenterFrame, type WorkshopState } from '../api/workshop.js';
import type { SocketProvider } from './SocketProvider.js';
import { serverOffset, timerRemainingMs } from './workshopRules.js';

/** A running timer's display is refreshed this often (~4×/s), so seconds never visibly skip. */
const TICK_MS = 250;

export class WorkshopLive {
	state = $state.raw<WorkshopState>(EMPTY_WORKSHOP_STATE);
	/** The presenter's last frame, while someone presents (cleared when presenting stops). */
	presenter = $state.raw<PresenterFrame | null>(null);
	/** True once the state of the current workshop has arrived (after the first hello). */
	received = $state(false);
	serverOffsetMs = $state(0);
	/** This browser's clock at the last tick; only moves while a timer runs. */
	private clock = $state(Date.now());
	private ticker: ReturnType<typeof setInterval> | null = null;
	private detach: () => void = () => {};
	private provider: SocketProvider | null = null;

	/** What is left of the timer (ms), at ~4 ticks a second while it runs; 0 with no timer. */
	readonly timerRemainingMs = $derived.by(() => {
		const timer = this.state.timer;
		return timer ? timerRemainingMs(timer, this.clock + this.serverOffsetMs) : 0;
	});

	constructor(provider: SocketProvider) {
		this.attach(provider);
	}

	/** Follows another provider (a board replica that started over has a new one); the state stays until its first `workshop`. */
	attach(provider: SocketProvider): void {
		if (provider === this.provider) return;
		this.provider = provider;
		this.detach();
		const takeHello = () => {
			const hello = provider.hello;
			if (hello && hello !== lastHello) {
				lastHello = hello;
				this.serverOffsetMs = serverOffset(hello.serverTime, Date.now());
				this.clock = Date.now();
			}
		};
		let lastHello = provider.hello;
		if (lastHello) this.serverOffsetMs = serverOffset(lastHello.serverTime, Date.now());
		if (provider.workshop) this.take(provider.workshop);
		const unsubscribes = [
			provider.subscribe(takeHello),
			provider.onWorkshop((state) => {
				// The workshop event follows hello: take its clock first.
				takeHello();
				this.take(state);
			}),
			provider.onPresenter((frame) => {
				if (this.state.present?.boardId) this.presenter = frame;
			})
		];
		this.detach = () => unsubscribes.forEach((unsubscribe) => unsubscribe());
	}

	/**
	 * A state the server answered a facilitator's call with: shown at once, not only when the
	 * socket's `workshop` event (the same state) arrives.
	 */
	apply(state: WorkshopState): void {
		this.take(state);
	}

	/** The server's clock now (ms since epoch). */
	serverNow(): number {
		return Date.now() + this.serverOffsetMs;
	}

	destroy(): void {
		this.detach();
		this.stopTicking();
	}

	private take(state: WorkshopState): void {
		const presentedBefore = this.state.present;
		this.state = state;
		this.received = true;
		// A frame belongs to one presentation; a stopped or new one starts without a stale viewport.
		if (!state.present?.boardId || state.present.since !== presentedBefore?.since) this.presenter = null;
		this.clock = Date.now();
		if (state.timer?.running) this.startTicking();
		else this.stopTicking();
	}

	private startTicking(): void {
		if (this.ticker !== null) return;
		this.ticker = setInterval(() => {
			this.clock = Date.now();
			// At zero the display stops changing: no more ticks until the timer changes.
			if (this.timerRemainingMs <= 0) this.stopTicking();
		}, TICK_MS);
	}

	private stopTicking(): void {
		if (this.ticker !== null) clearInterval(this.ticker);
		this.ticker = null;
	}
}
