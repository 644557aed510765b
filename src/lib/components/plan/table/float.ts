/**
 * Puts a popover element (the picker's list, the description editor) in the browser's top layer,
 * next to its anchor cell: never clipped by the table's scroll box, never under its sticky column.
 * Placed below the anchor when there is room, else above; kept inside the visible viewport (the
 * on-screen keyboard of a phone shrinks it), and follows the anchor while anything scrolls.
 */
export interface FloatOptions {
	anchor: HTMLElement;
	/** Smallest width; the anchor's width when wider. */
	minWidth?: number;
	/** Wanted height; less when the viewport is short. */
	height?: number;
	/** Lay the popover over the anchor (its top edge on the anchor's top) instead of below it. */
	cover?: boolean;
}

const MARGIN = 8;

export function floatNear(node: HTMLElement, options: FloatOptions) {
	let opts = options;
	let frame = 0;

	const place = () => {
		frame = 0;
		if (!node.isConnected) return;
		const viewport = window.visualViewport;
		const vw = viewport?.width ?? window.innerWidth;
		const vh = viewport?.height ?? window.innerHeight;
		const offsetTop = viewport?.offsetTop ?? 0;
		const offsetLeft = viewport?.offsetLeft ?? 0;
		const rect = opts.anchor.getBoundingClientRect();
		const width = Math.min(vw - 2 * MARGIN, Math.max(rect.width, opts.minWidth ?? 0));
		const left = Math.max(offsetLeft + MARGIN, Math.min(rect.left, offsetLeft + vw - MARGIN - width));
		const wanted = opts.height ?? 320;
		const top = opts.cover ? rect.top : rect.bottom;
		const below = offsetTop + vh - MARGIN - top;
		const above = rect.top - offsetTop - MARGIN;
		let y: number;
		let maxHeight: number;
		if (below >= Math.min(wanted, 180) || below >= above) {
			y = top;
			maxHeight = below;
		} else {
			maxHeight = Math.min(wanted, above);
			y = (opts.cover ? rect.bottom : rect.top) - maxHeight;
			if (opts.cover) maxHeight = Math.min(wanted, rect.bottom - offsetTop - MARGIN);
			y = Math.max(offsetTop + MARGIN, y);
		}
		node.style.position = 'fixed';
		node.style.margin = '0';
		node.style.left = `${left}px`;
		node.style.top = `${y}px`;
		node.style.width = `${width}px`;
		node.style.maxHeight = `${Math.max(96, Math.min(wanted, maxHeight))}px`;
	};

	const schedule = () => {
		if (!frame) frame = requestAnimationFrame(place);
	};

	if (typeof node.showPopover === 'function' && !node.matches(':popover-open')) {
		try {
			node.showPopover();
		} catch {
			// Already shown or not a popover: the fixed position below still works.
		}
	}
	place();
	window.addEventListener('scroll', schedule, true);
	window.addEventListener('resize', schedule);
	window.visualViewport?.addEventListener('resize', schedule);
	window.visualViewport?.addEventListener('scroll', schedule);
	const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null;
	observer?.observe(opts.anchor);

	return {
		update(next: FloatOptions) {
			if (next.anchor !== opts.anchor) {
				observer?.unobserve(opts.anchor);
				observer?.observe(next.anchor);
			}
			opts = next;
			schedule();
		},
		destroy() {
			if (frame) cancelAnimationFrame(frame);
			window.removeEventListener('scroll', schedule, true);
			window.removeEventListener('resize', schedule);
			window.visualViewport?.removeEventListener('resize', schedule);
			window.visualViewport?.removeEventListener('scroll', schedule);
			observer?.disconnect();
		}
	};
}
