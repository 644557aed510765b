/** How note colours look and are named. Keyed by the schema's list, so a new colour is a type error here until styled. */
import type { NoteColor } from '$lib/board/schema.js';
import { NOTE_COLORS } from '$lib/board/schema.js';
import { m } from '$lib/paraglide/messages.js';

const FILLS: Record<NoteColor, string> = {
	yellow: 'var(--note-yellow)',
	pink: 'var(--note-pink)',
	blue: 'var(--note-blue)',
	green: 'var(--note-green)',
	purple: 'var(--note-purple)',
	orange: 'var(--note-orange)'
};

const LABELS: Record<NoteColor, () => string> = {
	yellow: () => m.color_yellow(),
	pink: () => m.color_pink(),
	blue: () => m.color_blue(),
	green: () => m.color_green(),
	purple: () => m.color_purple(),
	orange: () => m.color_orange()
};

export function isNoteColor(value: string): value is NoteColor {
	return (NOTE_COLORS as readonly string[]).includes(value);
}

/** A colour another client wrote outside the schema renders neutral grey rather than breaking. */
export function noteFill(color: string): string {
	return isNoteColor(color) ? FILLS[color] : 'var(--note-invalid)';
}

export function noteColorLabel(color: NoteColor): string {
	return LABELS[color]();
}

export { NOTE_COLORS };
