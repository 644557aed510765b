/**
 * Board exports (`GET /api/boards/<id>/export?format=…&lang=…`): the board JSON (the documented
 * format), the action plan as CSV or XLSX, and the map or grid as SVG or PNG (`view=map|grid`,
 * `labels=mendelow|course` for the grid's quadrant names).
 * Labels (helixes, statuses, column names, the legend) are in `lang` (one of the app's locales,
 * English when absent); free text is exported as written. Any member of the board's workshop may
 * export it.
 */
import type * as Y from 'yjs';
import { boardTitle } from '../../src/lib/board/doc.js';
import { boardToJSON } from '../../src/lib/board/json.js';
import { planCsv } from '../../src/lib/board/planCsv.js';
import { localCsvLabels } from '../../src/lib/components/plan/csvExport.js';
import { LABEL_SETS, type LabelSet } from '../../src/lib/components/stakeholders/quadrants.js';
import { dateFormat } from '../../src/lib/intl.js';
import { m } from '../../src/lib/paraglide/messages.js';
import { gridSvg } from '../exports/gridImage.js';
import { inLocale, localeParam, type Locale } from '../exports/locale.js';
import { mapSvg } from '../exports/mapImage.js';
import { svgToPng } from '../exports/raster.js';
import { planXlsx, XLSX_CONTENT_TYPE } from '../exports/planXlsx.js';
import { authorizeBoardRequest, HttpError, safeFilename, type ApiDeps, type RawBody, type Route } from './routing.js';

interface BoardExportInput {
	doc: Y.Doc;
	/** The board's name, for the file name. */
	name: string;
	workshopTitle: string;
	locale: Locale;
	/** The lang parameter was given (the CSV keeps its English default without one). */
	localized: boolean;
	url: URL;
}

type BoardExporter = (input: BoardExportInput) => Promise<Omit<RawBody, 'status'>> | Omit<RawBody, 'status'>;

const EXPORTERS: Record<string, BoardExporter> = {
	json: ({ doc, name }) => ({
		raw: JSON.stringify(boardToJSON(doc)),
		contentType: 'application/json; charset=utf-8',
		filename: `${safeFilename(name)}.helixboard.json`
	}),
	csv: ({ doc, name, localized }) => ({
		raw: localized ? planCsv(doc, localCsvLabels()) : planCsv(doc),
		contentType: 'text/csv; charset=utf-8',
		filename: `${safeFilename(name)}-plan.csv`
	}),
	xlsx: async ({ doc, name }) => ({
		raw: await planXlsx(doc),
		contentType: XLSX_CONTENT_TYPE,
		filename: `${safeFilename(name)}-plan.xlsx`
	}),
	svg: (input) => {
		const { view } = imageParams(input.url);
		return { raw: boardImage(input), contentType: 'image/svg+xml; charset=utf-8', filename: `${safeFilename(input.name)}-${view}.svg` };
	},
	png: async (input) => {
		const { view } = imageParams(input.url);
		return { raw: await svgToPng(boardImage(input)), contentType: 'image/png', filename: `${safeFilename(input.name)}-${view}.png` };
	}
};

const IMAGE_VIEWS = ['map', 'grid'] as const;

/** `view=map|grid` (map when absent) and, for the grid, `labels=mendelow|course` (the quadrant names). */
function imageParams(url: URL): { view: (typeof IMAGE_VIEWS)[number]; labels: LabelSet } {
	const view = url.searchParams.get('view') ?? 'map';
	if (!(IMAGE_VIEWS as readonly string[]).includes(view)) throw new HttpError(400, `view must be one of: ${IMAGE_VIEWS.join(', ')}`);
	const labels = url.searchParams.get('labels') ?? 'mendelow';
	if (!(LABEL_SETS as readonly string[]).includes(labels)) throw new HttpError(400, `labels must be one of: ${LABEL_SETS.join(', ')}`);
	return { view: view as (typeof IMAGE_VIEWS)[number], labels: labels as LabelSet };
}

/** The map or grid of the board as SVG, headed by its name, the workshop, the view and today's date. */
function boardImage({ doc, name, workshopTitle, locale, url }: BoardExportInput): string {
	const { view, labels } = imageParams(url);
	const title = boardTitle(doc).trim() || name;
	const date = dateFormat({ dateStyle: 'long' }, locale).format(new Date());
	const subtitle = [workshopTitle, view === 'map' ? m.view_map() : m.view_grid(), date].filter(Boolean).join(' · ');
	return view === 'map' ? mapSvg(doc, { title, subtitle }) : gridSvg(doc, { title, subtitle }, labels);
}

export function exportRoutes(deps: ApiDeps): Route[] {
	return [
		{
			method: 'GET',
			pattern: /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/export$/,
			handler: async (req, [boardId], url) => {
				const { board } = await authorizeBoardRequest(deps, req, boardId);
				const format = url.searchParams.get('format') ?? 'json';
				const exporter = Object.hasOwn(EXPORTERS, format) ? EXPORTERS[format] : undefined;
				if (!exporter) {
					const shown = format.length > 40 ? `${format.slice(0, 40)}…` : format;
					throw new HttpError(400, `unsupported export format "${shown}"; supported: ${Object.keys(EXPORTERS).join(', ')}`);
				}
				const locale = localeParam(url);
				const room = await deps.rooms.acquire(boardId);
				if (!room) throw new HttpError(404, 'unknown board');
				const workshopTitle = (await deps.store.getWorkshop(board.workshopId))?.title ?? '';
				const input = { doc: room.doc, name: board.name, workshopTitle, locale, localized: url.searchParams.has('lang'), url };
				return { status: 200, ...(await inLocale(locale, () => exporter(input))) };
			}
		}
	];
}
