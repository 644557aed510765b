/**
 * bindText is DOM-bound; it only touches value, selectionStart/End, setSelectionRange,
 * add/removeEventListener and document.activeElement, so a small fake textarea stands in for the DOM.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindText } from '../../src/lib/sync/textBinding.js';

type Listener = () => void;

/** Behaves like a browser textarea: setting value from script moves the caret to the end. */
class FakeTextarea {
	private current = '';
	selectionStart = 0;
	selectionEnd = 0;
	selectionCalls = 0;
	readonly listeners = new Map<string, Set<Listener>>();

	get value(): string {
		return this.current;
	}
	set value(next: string) {
		this.current = next;
		this.selectionStart = this.selectionEnd = next.length;
	}
	setSelectionRange(start: number, end: number): void {
		this.selectionCalls++;
		this.selectionStart = Math.min(start, this.current.length);
		this.selectionEnd = Math.min(end, this.current.length);
	}
	addEventListener(type: string, listener: Listener): void {
		if (!this.listeners.has(type)) this.listeners.set(type, new Set());
		this.listeners.get(type)!.add(listener);
	}
	removeEventListener(type: string, listener: Listener): void {
		this.listeners.get(type)?.delete(listener);
	}
	listenerCount(type: string): number {
		return this.listeners.get(type)?.size ?? 0;
	}

	/** What the browser does when the user types `text` over the selection, then fires input. */
	type(text: string): void {
		const start = this.selectionStart;
		const end = this.selectionEnd;
		this.value = this.current.slice(0, start) + text + this.current.slice(end);
		this.setSelectionRange(start + text.length, start + text.length);
		this.fire();
	}
	/** Types one character (a whole code point) at a time. */
	typeEach(text: string): void {
		for (const char of text) this.type(char);
	}
	/** Backspace: deletes the selection, or the whole character before the caret. */
	backspace(): void {
		let start = this.selectionStart;
		const end = this.selectionEnd;
		if (start === end && start > 0) start -= this.current.codePointAt(start - 2)! > 0xffff ? 2 : 1;
		this.value = this.current.slice(0, start) + this.current.slice(end);
		this.setSelectionRange(start, start);
		this.fire();
	}
	/** Replaces the whole value, as a paste-over-all or an IME commit might. */
	replaceAll(next: string): void {
		this.value = next;
		this.fire();
	}
	select(start: number, end = start): void {
		this.setSelectionRange(start, end);
	}
	fire(): void {
		for (const listener of this.listeners.get('input') ?? []) listener();
	}
}

const fakeDocument = { activeElement: null as unknown };
let savedDocument: unknown;

beforeEach(() => {
	savedDocument = (globalThis as { document?: unknown }).document;
	fakeDocument.activeElement = null;
	(globalThis as { document?: unknown }).document = fakeDocument;
});
afterEach(() => {
	(globalThis as { document?: unknown }).document = savedDocument;
});

function focus(textarea: FakeTextarea | null): void {
	fakeDocument.activeElement = textarea;
}

function bind(textarea: FakeTextarea, text: Y.Text | null) {
	return bindText(textarea as unknown as HTMLTextAreaElement, text);
}

function textDoc(initial = ''): { doc: Y.Doc; text: Y.Text } {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	if (initial) text.insert(0, initial);
	return { doc, text };
}

/** Records the delta of every change to a Y.Text. */
function recordDeltas(text: Y.Text): Array<Y.YTextEvent['delta']> {
	const deltas: Array<Y.YTextEvent['delta']> = [];
	text.observe((event) => deltas.push(event.delta));
	return deltas;
}

function hasLoneSurrogate(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code >= 0xd800 && code <= 0xdbff) {
			const next = value.charCodeAt(i + 1);
			if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
			i++;
		} else if (code >= 0xdc00 && code <= 0xdfff) return true;
	}
	return false;
}

/** Every retain/delete boundary of a delta falls between whole characters of `before`. */
function splitsSurrogatePair(before: string, delta: Y.YTextEvent['delta']): boolean {
	let index = 0;
	const inside = (i: number) => i > 0 && i < before.length && before.charCodeAt(i - 1) >= 0xd800 && before.charCodeAt(i - 1) <= 0xdbff;
	for (const op of delta) {
		if (op.retain !== undefined) {
			index += op.retain;
			if (inside(index)) return true;
		} else if (op.delete !== undefined) {
			if (inside(index) || inside(index + op.delete)) return true;
			index += op.delete;
		} else if (typeof op.insert === 'string') {
			if (inside(index) || hasLoneSurrogate(op.insert)) return true;
		}
	}
	return false;
}

/** Two replicas, each with a bound textarea, exchanging updates only when told to. */
function pair(initial: string) {
	const a = textDoc(initial);
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
	const bText = b.getText('t');
	const taA = new FakeTextarea();
	const taB = new FakeTextarea();
	bind(taA, a.text);
	bind(taB, bText);
	const toB: Uint8Array[] = [];
	const toA: Uint8Array[] = [];
	a.doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && toB.push(update));
	b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && toA.push(update));
	/** Delivers pending updates; each side has focus in its own window while it receives. */
	const exchange = () => {
		focus(taB);
		for (const update of toB.splice(0)) Y.applyUpdate(b, update, 'remote');
		focus(taA);
		for (const update of toA.splice(0)) Y.applyUpdate(a.doc, update, 'remote');
		focus(null);
	};
	return { a: a.text, b: bText, taA, taB, exchange };
}

describe('bindText: rendering', () => {
	it('shows the Y.Text in the textarea, and an empty textarea for null', () => {
		const { text } = textDoc('Ajak Karang Taruna');
		const ta = new FakeTextarea();
		bind(ta, text);
		expect(ta.value).toBe('Ajak Karang Taruna');
		const empty = new FakeTextarea();
		empty.value = 'stale';
		bind(empty, null);
		expect(empty.value).toBe('');
	});

	it('does nothing (and does not throw) when typing into a null text', () => {
		const ta = new FakeTextarea();
		bind(ta, null);
		expect(() => ta.type('x')).not.toThrow();
	});
});

describe('bindText: local typing becomes the smallest change', () => {
	it('inserts one character as one insert at its position', () => {
		const { text } = textDoc('hello world');
		const ta = new FakeTextarea();
		bind(ta, text);
		const deltas = recordDeltas(text);
		ta.select(5);
		ta.type(',');
		expect(text.toString()).toBe('hello, world');
		expect(deltas).toEqual([[{ retain: 5 }, { insert: ',' }]]);
	});

	it('inserts a repeated letter as a single one-letter insert', () => {
		const { text } = textDoc('hello');
		const ta = new FakeTextarea();
		bind(ta, text);
		const deltas = recordDeltas(text);
		ta.select(3);
		ta.type('l');
		expect(text.toString()).toBe('helllo');
		expect(deltas).toHaveLength(1);
		const inserted = deltas[0].filter((op) => op.insert !== undefined);
		expect(inserted).toEqual([{ insert: 'l' }]);
		expect(deltas[0].some((op) => op.delete !== undefined)).toBe(false);
	});

	it('deletes a selected range as one delete', () => {
		const { text } = textDoc('hello big world');
		const ta = new FakeTextarea();
		bind(ta, text);
		const deltas = recordDeltas(text);
		ta.select(6, 10);
		ta.backspace();
		expect(text.toString()).toBe('hello world');
		expect(deltas).toEqual([[{ retain: 6 }, { delete: 4 }]]);
	});

	it('replaces a selection with a delete and an insert at the same place', () => {
		const { text } = textDoc('plan A now');
		const ta = new FakeTextarea();
		bind(ta, text);
		const deltas = recordDeltas(text);
		ta.select(5, 6);
		ta.type('B');
		expect(text.toString()).toBe('plan B now');
		expect(deltas).toEqual([[{ retain: 5 }, { delete: 1 }, { insert: 'B' }]]);
	});

	it('keeps typing in the Y.Text in step with the textarea over many edits', () => {
		const { text } = textDoc('');
		const ta = new FakeTextarea();
		bind(ta, text);
		ta.typeEach('Rapat hari Selasa');
		ta.select(6, 10);
		ta.type('setiap');
		ta.select(ta.value.length);
		ta.backspace();
		ta.backspace();
		expect(ta.value).toBe('Rapat setiap Sela');
		expect(text.toString()).toBe(ta.value);
	});

	it('does not echo its own changes back into the textarea caret', () => {
		const { text } = textDoc('abc');
		const ta = new FakeTextarea();
		bind(ta, text);
		focus(ta);
		ta.select(1);
		const calls = ta.selectionCalls;
		ta.type('X');
		// type() itself sets the caret once; the binding must not render over it.
		expect(ta.selectionCalls).toBe(calls + 1);
		expect(ta.selectionStart).toBe(2);
	});
});

describe('bindText: two bindings on two synced docs', () => {
	it('merge concurrent typing at different positions', () => {
		const { a, b, taA, taB, exchange } = pair('hello world');
		taA.select(6);
		taA.typeEach('big ');
		taB.select(0);
		taB.typeEach('Oh, ');
		taB.select(taB.value.length);
		taB.type('!');
		exchange();
		expect(a.toString()).toBe('Oh, hello big world!');
		expect(b.toString()).toBe('Oh, hello big world!');
		expect(taA.value).toBe('Oh, hello big world!');
		expect(taB.value).toBe('Oh, hello big world!');
	});

	it('merge character by character when each keystroke crosses the other in flight', () => {
		const { a, b, taA, taB, exchange } = pair('The plan.');
		focus(taA);
		taA.select(4);
		taB.select(8);
		const wordA = 'new ';
		const wordB = ' v2';
		for (let i = 0; i < Math.max(wordA.length, wordB.length); i++) {
			if (i < wordA.length) taA.type(wordA[i]);
			if (i < wordB.length) taB.type(wordB[i]);
			exchange(); // both keystrokes were concurrent
		}
		expect(taA.value).toBe('The new plan v2.');
		expect(taB.value).toBe('The new plan v2.');
		expect(a.toString()).toBe(b.toString());
		// Each caret stayed right after what its own person typed.
		expect(taA.selectionStart).toBe('The new '.length);
		expect(taB.selectionStart).toBe('The new plan v2'.length);
	});
});

describe('bindText: remote changes move the caret along', () => {
	function focusedBinding(initial: string, caret: number, caretEnd = caret) {
		const local = textDoc(initial);
		const remote = new Y.Doc();
		Y.applyUpdate(remote, Y.encodeStateAsUpdate(local.doc));
		const remoteText = remote.getText('t');
		const ta = new FakeTextarea();
		bind(ta, local.text);
		focus(ta);
		ta.select(caret, caretEnd);
		const send = () => Y.applyUpdate(local.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(local.doc)));
		return { ta, remoteText, send };
	}

	it('shifts the caret right by a remote insert before it', () => {
		const { ta, remoteText, send } = focusedBinding('hello world', 6);
		remoteText.insert(0, '>> ');
		send();
		expect(ta.value).toBe('>> hello world');
		expect(ta.selectionStart).toBe(9);
		expect(ta.selectionEnd).toBe(9);
	});

	it('leaves the caret where it is for a remote insert after it', () => {
		const { ta, remoteText, send } = focusedBinding('hello world', 5);
		remoteText.insert(11, '!!');
		send();
		expect(ta.value).toBe('hello world!!');
		expect(ta.selectionStart).toBe(5);
		expect(ta.selectionEnd).toBe(5);
	});

	it('shifts the caret left by a remote delete before it', () => {
		const { ta, remoteText, send } = focusedBinding('hello big world', 13);
		remoteText.delete(6, 4);
		send();
		expect(ta.value).toBe('hello world');
		expect(ta.selectionStart).toBe(9);
	});

	it('moves the caret to the start of a remote delete that contained it', () => {
		const { ta, remoteText, send } = focusedBinding('hello big world', 8);
		remoteText.delete(6, 4);
		send();
		expect(ta.selectionStart).toBe(6);
		expect(ta.selectionEnd).toBe(6);
	});

	it('moves both ends of a selection', () => {
		const { ta, remoteText, send } = focusedBinding('hello world', 6, 11);
		remoteText.insert(0, 'Oh ');
		remoteText.insert(12, '-'); // inside the selected "world"
		send();
		expect(ta.value).toBe('Oh hello wor-ld');
		expect(ta.value.slice(ta.selectionStart, ta.selectionEnd)).toBe('wor-ld');
	});

	it('shifts by two code units for a remote emoji, so the caret stays between characters', () => {
		const { ta, remoteText, send } = focusedBinding('ab', 1);
		remoteText.insert(0, '🎉');
		send();
		expect(ta.value).toBe('🎉ab');
		expect(ta.selectionStart).toBe(3);
	});

	it('does not touch the selection of a textarea that is not focused', () => {
		const { ta, remoteText, send } = focusedBinding('hello', 2);
		focus(null);
		const calls = ta.selectionCalls;
		remoteText.insert(0, 'x');
		send();
		expect(ta.value).toBe('xhello');
		expect(ta.selectionCalls).toBe(calls);
	});
});

describe('bindText: emoji and other surrogate pairs are never split', () => {
	function edit(before: string, change: (ta: FakeTextarea) => void) {
		const { text } = textDoc(before);
		const ta = new FakeTextarea();
		bind(ta, text);
		const deltas = recordDeltas(text);
		change(ta);
		return { text, ta, deltas };
	}

	const cases: Array<[string, string, (ta: FakeTextarea) => void, string]> = [
		['an emoji replaced by one with the same high surrogate', '😀', (ta) => ta.replaceAll('😁'), '😁'],
		['an emoji replaced by one with the same low surrogate', '\u{1F600}', (ta) => ta.replaceAll('\u{1F200}'), '\u{1F200}'],
		['an emoji deleted between letters', 'a😀b', (ta) => (ta.select(3), ta.backspace()), 'ab'],
		['an emoji typed before an emoji with the same high surrogate', '😀', (ta) => (ta.select(0), ta.type('😁')), '😁😀'],
		['an emoji typed after an emoji with the same high surrogate', '😀', (ta) => (ta.select(2), ta.type('😁')), '😀😁'],
		['a rare CJK character replaced by a neighbour', '𠀀𠀁', (ta) => ta.replaceAll('𠀀𠀂'), '𠀀𠀂'],
		['a flag (two pairs) inserted between emoji', '👍👍', (ta) => (ta.select(2), ta.type('🇮🇩')), '👍🇮🇩👍']
	];

	it.each(cases)('%s', (_name, before, change, after) => {
		const { text, ta, deltas } = edit(before, change);
		expect(text.toString()).toBe(after);
		expect(ta.value).toBe(after);
		expect(deltas).toHaveLength(1);
		expect(splitsSurrogatePair(before, deltas[0])).toBe(false);
	});

	it('typing emoji one by one and deleting them keeps the Y.Text free of lone surrogates', () => {
		const { text } = textDoc('');
		const ta = new FakeTextarea();
		bind(ta, text);
		let previous = text.toString();
		const splits: boolean[] = [];
		text.observe((event) => {
			splits.push(splitsSurrogatePair(previous, event.delta));
			previous = text.toString();
		});
		ta.typeEach('😀😁😂🙂🙃');
		ta.select(4);
		ta.typeEach('👩‍👩‍👧');
		ta.select(ta.value.length);
		ta.backspace();
		ta.select(2, 6);
		ta.type('🎉');
		expect(splits.length).toBeGreaterThan(10);
		expect(splits.every((split) => !split)).toBe(true);
		expect(hasLoneSurrogate(text.toString())).toBe(false);
		expect(text.toString()).toBe(ta.value);
	});

	it('concurrent edits next to an emoji merge without a lone surrogate on either side', () => {
		const { a, b, taA, taB, exchange } = pair('go 😀 now');
		taA.replaceAll('go 😁 now'); // same high surrogate as 😀
		taB.select(5);
		taB.type('!');
		exchange();
		expect(a.toString()).toBe(b.toString());
		expect(hasLoneSurrogate(a.toString())).toBe(false);
		// Both inserts follow the deleted 😀, so their order is up to the client ids; both are whole.
		expect(['go 😁! now', 'go !😁 now']).toContain(a.toString());
		expect(taA.value).toBe(a.toString());
		expect(taB.value).toBe(a.toString());
	});
});

describe('bindText: update and destroy', () => {
	it('switches to another Y.Text and stops following the old one', () => {
		const first = textDoc('first');
		const second = textDoc('second');
		const ta = new FakeTextarea();
		const binding = bind(ta, first.text);
		binding.update(second.text);
		expect(ta.value).toBe('second');
		first.text.insert(0, 'ignored ');
		expect(ta.value).toBe('second');
		second.text.insert(0, 'the ');
		expect(ta.value).toBe('the second');
		ta.select(ta.value.length);
		ta.type('!');
		expect(second.text.toString()).toBe('the second!');
		expect(first.text.toString()).toBe('ignored first');
	});

	it('switching to null empties the textarea and ignores typing', () => {
		const { text } = textDoc('abc');
		const ta = new FakeTextarea();
		const binding = bind(ta, text);
		binding.update(null);
		expect(ta.value).toBe('');
		ta.type('x');
		expect(text.toString()).toBe('abc');
	});

	it('destroy removes the input listener and stops rendering remote changes', () => {
		const { text } = textDoc('abc');
		const ta = new FakeTextarea();
		const binding = bind(ta, text);
		expect(ta.listenerCount('input')).toBe(1);
		binding.destroy();
		expect(ta.listenerCount('input')).toBe(0);
		text.insert(0, 'zz');
		expect(ta.value).toBe('abc');
	});
});
