/**
 * Keyboard shortcuts of the stakeholder views, in one table: the keys, what they do, and the help
 * panel's list. Board handles the ones that work in every view; the map handles its own (new card,
 * zoom, relations, moving cards). Ctrl on Windows and Linux is ⌘ on a Mac.
 */
import { m } from '$lib/paraglide/messages.js';

export type Shortcut =
	| 'help'
	| 'undo'
	| 'redo'
	| 'select-all'
	| 'deselect'
	| 'delete'
	| 'duplicate'
	| 'new-stakeholder'
	| 'edit'
	| 'toggle-select'
	| 'start-relation'
	| 'menu'
	| 'zoom-in'
	| 'zoom-out'
	| 'zoom-fit';

/** Text fields keep their own keys (typing, their own undo, select all). */
export function isTyping(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	return target.isContentEditable || target.matches('input, textarea, select');
}

export function shortcutOf(event: KeyboardEvent): Shortcut | null {
	const mod = event.ctrlKey || event.metaKey;
	const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
	if (mod && !event.altKey) {
		if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
		if (key === 'y') return 'redo';
		if (key === 'a') return 'select-all';
		if (key === 'd') return 'duplicate';
		return null;
	}
	if (event.altKey || event.metaKey) return null;
	if (key === 'F10' && event.shiftKey) return 'menu';
	switch (key) {
		case '?':
			return 'help';
		case 'Escape':
			return 'deselect';
		case 'Delete':
		case 'Backspace':
			return 'delete';
		case 'n':
			return 'new-stakeholder';
		case 'Enter':
		case 'F2':
			return 'edit';
		case ' ':
			return 'toggle-select';
		case 'l':
			return 'start-relation';
		case 'ContextMenu':
			return 'menu';
		case '+':
		case '=':
			return 'zoom-in';
		case '-':
			return 'zoom-out';
		case '0':
			return 'zoom-fit';
		default:
			return null;
	}
}

/** The help panel, in the order people need them. */
const STAKEHOLDER_SHORTCUTS: ShortcutHelp[] = [
	{ keys: ['N'], label: m.shortcut_new_stakeholder },
	{ keys: ['Tab', 'Shift+Tab'], label: m.shortcut_tab },
	{ keys: ['Enter', 'F2'], label: m.shortcut_edit },
	{ keys: ['Space'], label: m.shortcut_toggle_select },
	{ keys: ['Shift+Click'], label: m.shortcut_shift_click },
	{ keys: ['←↑→↓'], label: m.shortcut_arrows_card },
	{ keys: ['Shift+←↑→↓'], label: m.shortcut_arrows_card_far },
	{ keys: ['L'], label: m.shortcut_relation },
	{ keys: ['Shift+F10', '≡'], label: m.shortcut_menu },
	{ keys: ['Ctrl+A'], label: m.shortcut_select_all },
	{ keys: ['Esc'], label: m.shortcut_deselect },
	{ keys: ['Delete'], label: m.shortcut_delete },
	{ keys: ['Ctrl+D'], label: m.shortcut_duplicate },
	{ keys: ['Ctrl+C', 'Ctrl+V'], label: m.shortcut_copy_paste },
	{ keys: ['Ctrl+Z'], label: m.shortcut_undo },
	{ keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], label: m.shortcut_redo },
	{ keys: ['+', '−', '0'], label: m.shortcut_zoom },
	{ keys: ['←↑→↓'], label: m.shortcut_arrows_map },
	{ keys: ['?'], label: m.shortcut_help }
];

const PLAN_SHORTCUTS: ShortcutHelp[] = [
	{ keys: ['←↑→↓'], label: m.shortcut_plan_cells },
	{ keys: ['Enter', 'F2'], label: m.shortcut_plan_edit },
	{ keys: ['Tab', 'Shift+Tab'], label: m.shortcut_plan_tab },
	{ keys: ['Esc'], label: m.shortcut_plan_cancel },
	{ keys: ['Alt+↑', 'Alt+↓'], label: m.shortcut_plan_reorder },
	{ keys: ['Alt+←', 'Alt+→'], label: m.shortcut_plan_status },
	{ keys: ['Delete'], label: m.shortcut_plan_delete },
	{ keys: ['Ctrl+A'], label: m.shortcut_plan_select_all }
];

interface ShortcutHelp {
	keys: string[];
	label: () => string;
}

/** The help dialog's sections: the stakeholder views, then the plan. */
export const SHORTCUT_HELP: { title: () => string; entries: ShortcutHelp[] }[] = [
	{ title: m.shortcuts_section_stakeholders, entries: STAKEHOLDER_SHORTCUTS },
	{ title: m.shortcuts_section_plan, entries: PLAN_SHORTCUTS }
];
