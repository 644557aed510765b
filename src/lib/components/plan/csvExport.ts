/** The plan's CSV in the viewer's language, downloaded from the browser (the API gives English). */
import { planCsv, type CsvColumn, type CsvLabels } from '../../board/planCsv.js';
import { ACTION_STATUSES, HELIXES } from '../../board/schema.js';
import { m } from '../../paraglide/messages.js';
import type * as Y from 'yjs';
import { helixLabel } from '../stakeholders/style.js';
import { statusLabel } from './labels.js';
import { saveFile } from '../../api/exportsClient.js';

const COLUMN_LABELS: Record<CsvColumn, () => string> = {
	title: m.csv_col_title,
	description: m.csv_col_description,
	owner: m.csv_col_owner,
	owner_helix: m.csv_col_owner_helix,
	partners: m.csv_col_partners,
	start: m.csv_col_start,
	end: m.csv_col_end,
	indicator: m.csv_col_indicator,
	target: m.csv_col_target,
	budget: m.csv_col_budget,
	currency: m.csv_col_currency,
	status: m.csv_col_status,
	progress: m.csv_col_progress,
	last_update: m.csv_col_last_update,
	last_update_done: m.csv_col_last_update_done,
	last_update_blockers: m.csv_col_last_update_blockers
};

export function localCsvLabels(): CsvLabels {
	return {
		columns: Object.fromEntries(Object.entries(COLUMN_LABELS).map(([key, label]) => [key, label()])) as CsvLabels['columns'],
		helix: Object.fromEntries(HELIXES.map((h) => [h, helixLabel(h)])) as CsvLabels['helix'],
		status: Object.fromEntries(ACTION_STATUSES.map((s) => [s, statusLabel(s)])) as CsvLabels['status']
	};
}

export function downloadPlanCsv(doc: Y.Doc, filename: string): void {
	saveFile(new Blob([planCsv(doc, localCsvLabels())], { type: 'text/csv;charset=utf-8' }), filename);
}
