/**
 * The map's pointer gestures as one state machine, apart from what they do: pan (drag on empty map
 * or a relation), pinch (two pointers, from anything the first one started), wheel and trackpad
 * zoom (ctrl+wheel, Safari's gesture events), press on a card (tap, long-press menu, or a drag of
 * the card and the selection it belongs to), box selection (shift+drag) and link drag (from a
 * card's handle). One delegated set of listeners on the map, so cards stay cheap.
 *
 * The map (MapView) owns the state that is drawn and written: it implements GestureHost. This
 * module keeps only the gesture in progress and the pointers that are down; none of it is reactive.
 */
import { boxOf, type Box, type Point } from './geometry.js';
import type { Viewport } from './Viewport.svelte.js';

/** Pointer travel (CSS px) below which a press is a click, not a drag; fingers wobble more. */
export const TAP_SLOP = { mouse: 4, touch: 10 };
const LONG_PRESS_MS = 550;
const DOUBLE_TAP_MS = 450;

export type Tap = { type: 'empty' } | { type: 'relation'; id: string; modifier: boolean } | { type: 'card'; id: string; modifier: boolean };

/** What the gestures do to the map: everything drawn or written goes through here. */
export interface GestureHost {
	/** The map's element (pointer capture, local coordinates, hit tests). */
	element(): HTMLElement | undefined;
	canEdit(): boolean;
	/** The user moved the view (pan or zoom). */
	moved(): void;
	/** The pointer is at this board point (presence). */
	pointerAt(board: Point): void;
	/** A pan is in progress (the grabbing cursor). */
	setPanning(panning: boolean): void;
	/** A click or tap; `double` when it is the second on the same thing. */
	tap(tap: Tap, at: Point, double: boolean): void;
	/** A touch held still on a card (no right button on touch). */
	longPress(id: string, at: Point): void;
	/** A drag of card `id` begins: the cards it moves, at their stored places. */
	dragStart(id: string): Map<string, Point>;
	/** The dragged cards are offset by (dx, dy) board units from their origins. */
	dragMove(origins: Map<string, Point>, dx: number, dy: number): void;
	/** Dropped (written once); or abandoned when `commit` is false. */
	dragEnd(origins: Map<string, Point>, commit: boolean): void;
	/** The selection box on screen (map pixels), or null when it is gone. */
	showBox(box: { x0: number; y0: number; x1: number; y1: number } | null): void;
	/** A box was drawn: select what it touches (board units). */
	selectBox(box: Box): void;
	/** A link is drawn from card `from` to the board point `end`, over card `over` (or none). */
	showLink(from: string | null, end: Point | null, over: string | null): void;
	/** The link was dropped at `at` (map pixels) on card `to`, or nowhere. */
	dropLink(from: string, to: string | null, at: Point): void;
}

type Gesture =
	| { kind: 'pan'; pointerId: number; start: Point; travel: number; slop: number; tap: Tap | null }
	| { kind: 'press'; pointerId: number; start: Point; slop: number; id: string; modifier: boolean; timer?: ReturnType<typeof setTimeout>; longPressed: boolean }
	| { kind: 'drag'; pointerId: number; start: Point; origins: Map<string, Point> }
	| { kind: 'box'; pointerId: number; start: Point }
	| { kind: 'link'; pointerId: number; from: string; over: string | null }
	| { kind: 'pinch'; distance: number; middle: Point };

/** Safari reports a trackpad pinch as gesture events (with a scale), not as ctrl+wheel. */
type SafariGesture = UIEvent & { scale: number; clientX: number; clientY: number };

const slopOf = (event: PointerEvent) => (event.pointerType === 'mouse' ? TAP_SLOP.mouse : TAP_SLOP.touch);

export class MapGestures {
	#gesture: Gesture | null = null;
	readonly #pointers = new Map<number, Point>();
	#lastTap: { time: number; at: Point; key: string } | null = null;
	#safariScale = 1;

	private readonly viewport: Viewport;
	private readonly host: GestureHost;

	constructor(viewport: Viewport, host: GestureHost) {
		this.viewport = viewport;
		this.host = host;
	}

	/** A gesture is in progress (Esc cancels it). */
	get active(): boolean {
		return this.#gesture !== null;
	}

	/** Some pointer is down on the map. */
	get pressed(): boolean {
		return this.#pointers.size > 0;
	}

	/** A point in map pixels (relative to the map's top-left corner). */
	local(event: MouseEvent): Point {
		const rect = this.host.element()!.getBoundingClientRect();
		return { x: event.clientX - rect.left, y: event.clientY - rect.top };
	}

	cardIdOf(target: EventTarget | null): string | null {
		const card = target instanceof Element ? target.closest<HTMLElement>('[data-card-id]') : null;
		return card && this.host.element()?.contains(card) ? (card.dataset.cardId ?? null) : null;
	}

	relationIdOf(target: EventTarget | null): string | null {
		const relation = target instanceof Element ? target.closest<SVGElement>('[data-relation-id]') : null;
		return relation?.dataset.relationId ?? null;
	}

	/** A menu opened on card `id` (long press, or the context menu a touch hold also fires): no tap on release. */
	menuOpened(id: string): void {
		const g = this.#gesture;
		if (g?.kind === 'press' && g.id === id) {
			clearTimeout(g.timer);
			g.longPressed = true;
		}
	}

	/** Wheel and Safari gesture listeners, which must not be passive; returns their removal. */
	attach(el: HTMLElement): () => void {
		const wheel = (event: WheelEvent) => this.#wheel(event);
		const start = (event: Event) => {
			event.preventDefault();
			this.#safariScale = 1;
		};
		const change = (event: Event) => this.#safariChange(event);
		el.addEventListener('wheel', wheel, { passive: false });
		el.addEventListener('gesturestart', start);
		el.addEventListener('gesturechange', change);
		return () => {
			el.removeEventListener('wheel', wheel);
			el.removeEventListener('gesturestart', start);
			el.removeEventListener('gesturechange', change);
		};
	}

	#wheel(event: WheelEvent) {
		event.preventDefault();
		const p = this.local(event);
		const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? this.viewport.height : 1;
		if (event.ctrlKey || event.metaKey) {
			// Ctrl+wheel, and a trackpad pinch (which browsers report as ctrl+wheel): zoom at the pointer.
			const delta = Math.max(-0.35, Math.min(0.35, -event.deltaY * unit * 0.01));
			this.viewport.zoomAt(p.x, p.y, 2 ** delta);
		} else {
			let dx = event.deltaX * unit;
			let dy = event.deltaY * unit;
			if (event.shiftKey && dx === 0) [dx, dy] = [dy, 0];
			this.viewport.panBy(-dx, -dy);
		}
		this.host.moved();
	}

	#safariChange(event: Event) {
		event.preventDefault();
		// Touch pinches arrive as pointers too (handled there); this is for the trackpad.
		if (this.#pointers.size >= 2) return;
		const gesture = event as SafariGesture;
		const p = this.local(gesture as unknown as MouseEvent);
		this.viewport.zoomAt(p.x, p.y, gesture.scale / this.#safariScale);
		this.#safariScale = gesture.scale;
		this.host.moved();
	}

	pointerDown(event: PointerEvent): void {
		if (event.pointerType === 'mouse' && event.button !== 0) return;
		const p = this.local(event);
		this.#pointers.set(event.pointerId, p);
		try {
			this.host.element()?.setPointerCapture(event.pointerId);
		} catch {
			// A pointer the browser no longer knows (lifted already): the gesture just ends early.
		}
		if (this.#pointers.size === 2) {
			// A second finger: whatever the first one started becomes a pinch.
			this.cancel();
			const [a, b] = [...this.#pointers.values()];
			this.#gesture = { kind: 'pinch', distance: Math.hypot(a.x - b.x, a.y - b.y), middle: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
			return;
		}
		if (this.#pointers.size > 2) return;

		const target = event.target as Element;
		const cardId = this.cardIdOf(target);
		const modifier = event.shiftKey || event.ctrlKey || event.metaKey;
		if (cardId && target.closest('[data-link-handle]') && this.host.canEdit()) {
			event.preventDefault();
			this.#gesture = { kind: 'link', pointerId: event.pointerId, from: cardId, over: null };
			this.host.showLink(cardId, this.viewport.toBoard(p.x, p.y), null);
			return;
		}
		if (cardId) {
			const press: Gesture = { kind: 'press', pointerId: event.pointerId, start: p, slop: slopOf(event), id: cardId, modifier, longPressed: false };
			// Touch has no right button: holding still opens the menu.
			if (event.pointerType !== 'mouse') {
				press.timer = setTimeout(() => {
					this.menuOpened(cardId);
					this.host.longPress(cardId, p);
				}, LONG_PRESS_MS);
			}
			this.#gesture = press;
			return;
		}
		const relationId = this.relationIdOf(target);
		if (!relationId && event.shiftKey) {
			event.preventDefault();
			this.#gesture = { kind: 'box', pointerId: event.pointerId, start: p };
			this.host.showBox({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
			return;
		}
		this.#gesture = {
			kind: 'pan',
			pointerId: event.pointerId,
			start: p,
			travel: 0,
			slop: slopOf(event),
			tap: relationId ? { type: 'relation', id: relationId, modifier } : { type: 'empty' }
		};
		this.host.setPanning(true);
	}

	pointerMove(event: PointerEvent): void {
		const p = this.local(event);
		const board = this.viewport.toBoard(p.x, p.y);
		this.host.pointerAt(board);
		const previous = this.#pointers.get(event.pointerId);
		const g = this.#gesture;
		if (!previous || !g) return;
		this.#pointers.set(event.pointerId, p);
		if (g.kind === 'pinch') {
			const [a, b] = [...this.#pointers.values()];
			if (!a || !b) return;
			const distance = Math.hypot(a.x - b.x, a.y - b.y);
			const middle = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
			this.viewport.panBy(middle.x - g.middle.x, middle.y - g.middle.y);
			if (g.distance > 0 && distance > 0) this.viewport.zoomAt(middle.x, middle.y, distance / g.distance);
			g.distance = distance;
			g.middle = middle;
			this.host.moved();
			return;
		}
		if (g.pointerId !== event.pointerId) return;
		switch (g.kind) {
			case 'pan':
				this.viewport.panBy(p.x - previous.x, p.y - previous.y);
				g.travel = Math.max(g.travel, Math.hypot(p.x - g.start.x, p.y - g.start.y));
				if (g.travel >= g.slop) this.host.moved();
				break;
			case 'press': {
				if (Math.hypot(p.x - g.start.x, p.y - g.start.y) < g.slop) return;
				clearTimeout(g.timer);
				if (g.longPressed) return;
				if (this.host.canEdit()) {
					const drag: Gesture = { kind: 'drag', pointerId: g.pointerId, start: g.start, origins: this.host.dragStart(g.id) };
					this.#gesture = drag;
					this.#dragTo(drag, p);
				} else {
					// Read-only: cards cannot move, so dragging one pans the map.
					this.#gesture = { kind: 'pan', pointerId: g.pointerId, start: g.start, travel: g.slop, slop: g.slop, tap: null };
					this.host.setPanning(true);
					this.viewport.panBy(p.x - g.start.x, p.y - g.start.y);
					this.host.moved();
				}
				break;
			}
			case 'drag':
				this.#dragTo(g, p);
				break;
			case 'box':
				this.host.showBox({ x0: g.start.x, y0: g.start.y, x1: p.x, y1: p.y });
				break;
			case 'link': {
				const over = this.cardIdOf(document.elementFromPoint(event.clientX, event.clientY));
				g.over = over && over !== g.from ? over : null;
				this.host.showLink(g.from, board, g.over);
				break;
			}
		}
	}

	#dragTo(g: Extract<Gesture, { kind: 'drag' }>, p: Point) {
		this.host.dragMove(g.origins, (p.x - g.start.x) / this.viewport.k, (p.y - g.start.y) / this.viewport.k);
	}

	pointerUp(event: PointerEvent): void {
		const p = this.local(event);
		this.#pointers.delete(event.pointerId);
		const g = this.#gesture;
		if (!g) return;
		if (g.kind === 'pinch') {
			// The finger still down does nothing until it is lifted too.
			if (this.#pointers.size === 0) this.#gesture = null;
			return;
		}
		if (g.pointerId !== event.pointerId) return;
		this.#gesture = null;
		this.host.setPanning(false);
		switch (g.kind) {
			case 'pan':
				if (g.travel < g.slop && g.tap) this.#tap(g.tap, p);
				break;
			case 'press':
				clearTimeout(g.timer);
				if (!g.longPressed) this.#tap({ type: 'card', id: g.id, modifier: g.modifier }, p);
				break;
			case 'drag':
				this.host.dragEnd(g.origins, true);
				break;
			case 'box':
				this.host.showBox(null);
				if (Math.hypot(p.x - g.start.x, p.y - g.start.y) >= TAP_SLOP.mouse) {
					this.host.selectBox(boxOf(this.viewport.toBoard(g.start.x, g.start.y), this.viewport.toBoard(p.x, p.y)));
				}
				break;
			case 'link':
				this.host.showLink(null, null, null);
				this.host.dropLink(g.from, g.over, p);
				break;
		}
	}

	pointerCancel(event: PointerEvent): void {
		this.#pointers.delete(event.pointerId);
		this.cancel();
	}

	/** Abandons the gesture in progress without writing anything. */
	cancel(): void {
		const g = this.#gesture;
		this.#gesture = null;
		this.host.setPanning(false);
		if (!g) return;
		if (g.kind === 'press') clearTimeout(g.timer);
		if (g.kind === 'drag') this.host.dragEnd(g.origins, false);
		if (g.kind === 'box') this.host.showBox(null);
		if (g.kind === 'link') this.host.showLink(null, null, null);
	}

	/** The map goes away: no timer may fire after it. */
	destroy(): void {
		if (this.#gesture?.kind === 'press') clearTimeout(this.#gesture.timer);
	}

	#tap(tap: Tap, p: Point) {
		const key = tap.type === 'empty' ? 'empty' : `${tap.type}:${tap.id}`;
		const now = performance.now();
		const last = this.#lastTap;
		const double = !!last && last.key === key && now - last.time < DOUBLE_TAP_MS && Math.hypot(p.x - last.at.x, p.y - last.at.y) < 24;
		this.#lastTap = double ? null : { time: now, at: p, key };
		this.host.tap(tap, p, double);
	}
}
