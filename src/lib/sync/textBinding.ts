/**
 * Binds a <textarea> to a Y.Text so concurrent typing merges character by character. Local input
 * becomes the smallest delete+insert on the Y.Text; remote changes are applied to the textarea with
 * the caret moved along, so a collaborator's typing never throws your cursor around.
 * Usable as a Svelte action: `<textarea use:bindText={note.text}>`.
 */
import type * as Y from 'yjs';

export function bindText(textarea: HTMLTextAreaElement, initial: Y.Text | null) {
	let text = initial;
	const origin = { binding: 'textarea' };

	const render = () => {
		textarea.value = text ? text.toString() : '';
	};

	const onInput = () => {
		if (!text) return;
		const before = text.toString();
		const after = textarea.value;
		let start = 0;
		while (start < before.length && start < after.length && before[start] === after[start]) start++;
		let endBefore = before.length;
		let endAfter = after.length;
		while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
			endBefore--;
			endAfter--;
		}
		// Never split a surrogate pair (emoji, rare Hangul/CJK): widen the change to whole characters.
		if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
		if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
			endBefore++;
			endAfter++;
		}
		const target = text;
		target.doc?.transact(() => {
			if (endBefore > start) target.delete(start, endBefore - start);
			if (endAfter > start) target.insert(start, after.slice(start, endAfter));
		}, origin);
	};

	const onRemoteChange = (event: Y.YTextEvent) => {
		if (event.transaction.origin === origin) return;
		let { selectionStart, selectionEnd } = textarea;
		let index = 0;
		for (const op of event.delta) {
			if (op.retain !== undefined) index += op.retain;
			else if (typeof op.insert === 'string') {
				const length = op.insert.length;
				if (selectionStart >= index) selectionStart += length;
				if (selectionEnd >= index) selectionEnd += length;
				index += length;
			} else if (op.delete !== undefined) {
				const shift = (position: number) => (position > index ? Math.max(index, position - op.delete!) : position);
				selectionStart = shift(selectionStart);
				selectionEnd = shift(selectionEnd);
			}
		}
		const focused = document.activeElement === textarea;
		render();
		if (focused) textarea.setSelectionRange(selectionStart, selectionEnd);
	};

	const attach = () => {
		render();
		text?.observe(onRemoteChange);
	};
	const detach = () => text?.unobserve(onRemoteChange);

	textarea.addEventListener('input', onInput);
	attach();

	return {
		update(next: Y.Text | null) {
			if (next === text) return;
			detach();
			text = next;
			attach();
		},
		destroy() {
			detach();
			textarea.removeEventListener('input', onInput);
		}
	};
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
