/**
 * The action plan as CSV, one row per action in plan order: what the export button and
 * `GET /api/boards/<id>/export?format=csv` return. UTF-8 with a byte-order mark, so spreadsheet
 * programs read Hangul and Cyrillic; cells that a spreadsheet would run as a formula are escaped.
 * Invalid values are written as stored (the plan keeps them; the reader should see them too).
 */
import Papa from 'papaparse';
import * as Y from 'yjs';
import { readActions, type ActionView } from './actions.js';
import { readStakeholder } from './stakeholders.js';
import { ACTION_STATUSES, HELIXES, type ActionStatus, type Helix } from './schema.js';

export const CSV_COLUMNS = [
	'title', 'description', 'owner', 'owner_helix', 'partners', 'start', 'end', 'indicator', 'target',
	'budget', 'currency', 'status', 'progress', 'last_update', 'last_update_done', 'last_update_blockers'
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Words of the export; English unless the app passes the viewer's language. */
export interface CsvLabels {
	columns: Record<CsvColumn, string>;
	helix: Record<Helix, string>;
	status: Record<ActionStatus, string>;
}

export const ENGLISH_CSV_LABELS: CsvLabels = {
	columns: {
		title: 'Action', description: 'Description', owner: 'Owner', owner_helix: 'Owner helix', partners: 'Partners',
		start: 'Start', end: 'End', indicator: 'Indicator', target: 'Target', budget: 'Budget', currency: 'Currency',
		status: 'Status', progress: 'Progress (%)', last_update: 'Last update', last_update_done: 'What was done',
		last_update_blockers: 'What blocks us'
	},
	helix: { government: 'Government', business: 'Business', academia: 'Academia', community: 'Community', media: 'Media' },
	status: { planned: 'Planned', in_progress: 'In progress', done: 'Done', blocked: 'Blocked' }
};

const BOM = '\ufeff';
/**
 * Cells a spreadsheet would run as a formula get a leading quote (OWASP's list). papaparse's own
 * pattern misses a cell whose first line starts with one but has more lines, hence ours.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The plan's rows as every plan export has them (this CSV, the XLSX): one per action in plan
 * order, owner and partners by name with their helix in `labels`, the status in `labels`, and the
 * other values as stored — the raw value when it broke the schema, so an export shows it as typed.
 */
export interface PlanRow {
	action: ActionView;
	cells: Record<CsvColumn, unknown>;
}

export function planRows(doc: Y.Doc, labels: CsvLabels): PlanRow[] {
	const stakeholder = (id: string | null) => {
		const s = id ? readStakeholder(doc, id) : null;
		const helix = s?.helix && HELIXES.includes(s.helix) ? labels.helix[s.helix] : '';
		return { name: s?.name ?? '', helix };
	};
	const stored = (action: ActionView, field: 'start' | 'end' | 'budget' | 'progress' | 'status') => (field in action.raw ? action.raw[field] : action[field]);
	return readActions(doc).map((action) => {
		const owner = stakeholder(action.owner);
		const last = action.updates.at(-1);
		const partners = action.partners
			.map((id) => stakeholder(id))
			.filter((p) => p.name !== '' || p.helix !== '')
			.map((p) => (p.helix ? `${p.name} (${p.helix})` : p.name));
		const status = action.status && ACTION_STATUSES.includes(action.status) ? labels.status[action.status] : stored(action, 'status');
		const cells: Record<CsvColumn, unknown> = {
			title: action.title,
			description: action.description?.toString() ?? '',
			owner: owner.name,
			owner_helix: owner.helix,
			partners: partners.join('; '),
			start: stored(action, 'start'),
			end: stored(action, 'end'),
			indicator: action.indicator,
			target: action.target,
			budget: stored(action, 'budget'),
			currency: action.currency,
			status,
			progress: stored(action, 'progress'),
			last_update: last?.date ?? null,
			last_update_done: last?.done ?? '',
			last_update_blockers: last?.blockers ?? ''
		};
		return { action, cells };
	});
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

export function planCsv(doc: Y.Doc, labels: CsvLabels = ENGLISH_CSV_LABELS): string {
	const rows = planRows(doc, labels).map(({ cells }) => CSV_COLUMNS.map((column) => asText(cells[column])));
	const header = CSV_COLUMNS.map((column) => labels.columns[column]);
	return BOM + Papa.unparse([header, ...rows], { escapeFormulae: FORMULA_START, newline: '\r\n' });
}
