/**
 * Stakeholders from a spreadsheet (CSV or XLSX), in four pure steps the import dialog shows one by
 * one: the file's bytes → a table of text cells (`readTable`) → which column holds which field,
 * guessed from the header row in any of the app's six languages (`guessMapping`) → every row as
 * the stakeholder it would become, with its problems in words the dialog can show (`mapRows`) →
 * positions on the map that overlap no card (`placeNewCards`) and one clip that adds them all in
 * one transaction (`importClip`, pasted like copied cards, so it is one undo step).
 *
 * Helix and attitude values are recognised by the catalog's labels in all six languages, the
 * format's English keys and common synonyms (Indonesian ABCGM letters included), ignoring case,
 * accents of width and extra spaces. Power and interest are whole numbers 0–100 ("80", "80%",
 * "72,5" rounds to 73).
 */
import Papa from 'papaparse';
import type * as Y from 'yjs';
import { m } from '../paraglide/messages.js';
import { locales } from '../paraglide/runtime.js';
import { ATTITUDES, HELIXES, type Attitude, type Helix } from './schema.js';
import { arrangeInSector, CARD_HEIGHT, CARD_WIDTH } from './sectors.js';
import { pasteClip, readStakeholders, type BoardClip } from './stakeholders.js';

export const IMPORT_LIMITS = { bytes: 2 * 1024 * 1024, rows: 2_000, text: 500 } as const;

export const IMPORT_FIELDS = ['name', 'organization', 'role', 'helix', 'attitude', 'power', 'interest', 'notes'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The file as text cells: the header row and the rows under it (empty rows left out). */
export interface ImportTable {
	headers: string[];
	rows: string[][];
	/** Row numbers as a spreadsheet shows them (the header is row 1), one per row. */
	rowNumbers: number[];
	format: 'csv' | 'xlsx';
	/** The CSV's field separator. */
	delimiter?: string;
}

export type ImportErrorKind = 'too_large' | 'too_many_rows' | 'empty' | 'not_utf8' | 'unsupported' | 'unreadable';

/** A file that cannot be imported at all; `detail` carries the numbers or the reader's message. */
export class ImportFileError extends Error {
	constructor(
		readonly kind: ImportErrorKind,
		readonly detail: { size?: number; rows?: number; reason?: string } = {}
	) {
		super(`${kind}${detail.reason ? `: ${detail.reason}` : ''}`);
	}
}

// ── reading the file ─────────────────────────────────────────────────────────

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** CSV or XLSX, by the name's ending or, failing that, by the bytes (an XLSX is a zip). */
export function fileKind(name: string, bytes: Uint8Array): 'csv' | 'xlsx' | null {
	const lower = name.toLowerCase();
	if (lower.endsWith('.xlsx')) return 'xlsx';
	if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
	if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return 'xlsx';
	return null;
}

/** Reads a picked file; throws ImportFileError with what went wrong. */
export async function readTable(name: string, bytes: Uint8Array): Promise<ImportTable> {
	if (bytes.byteLength > IMPORT_LIMITS.bytes) throw new ImportFileError('too_large', { size: bytes.byteLength });
	const kind = fileKind(name, bytes);
	if (kind === 'xlsx') return readXlsx(bytes);
	if (kind === 'csv') return parseCsv(decodeText(bytes));
	throw new ImportFileError('unsupported');
}

/** UTF-8, with or without a byte-order mark; anything else is refused (it would come out garbled). */
export function decodeText(bytes: Uint8Array): string {
	try {
		// ignoreBOM: false drops a leading BOM.
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ImportFileError('not_utf8');
	}
}

/** The separator of the header line: the most frequent of , ; and tab outside quotes (a comma on a tie). */
export function detectDelimiter(text: string): string {
	const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
	}
	let best = ',';
	for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
	return best;
}

export function parseCsv(text: string): ImportTable {
	const body = text.startsWith('\ufeff') ? text.slice(1) : text;
	const delimiter = detectDelimiter(body);
	const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
	const lines = parsed.data.map((row) => row.map((cell) => String(cell ?? '')));
	return toTable(lines, 'csv', delimiter);
}

/** Header and non-empty rows, with their spreadsheet row numbers; enforces the row limit. */
function toTable(lines: string[][], format: 'csv' | 'xlsx', delimiter?: string): ImportTable {
	const isEmpty = (row: string[]) => row.every((cell) => cell.trim() === '');
	const headerIndex = lines.findIndex((row) => !isEmpty(row));
	if (headerIndex < 0) throw new ImportFileError('empty');
	const headers = lines[headerIndex].map((cell) => cell.trim());
	const rows: string[][] = [];
	const rowNumbers: number[] = [];
	for (let i = headerIndex + 1; i < lines.length; i++) {
		if (isEmpty(lines[i])) continue;
		rows.push(lines[i]);
		rowNumbers.push(i + 1);
	}
	if (rows.length === 0) throw new ImportFileError('empty');
	if (rows.length > IMPORT_LIMITS.rows) throw new ImportFileError('too_many_rows', { rows: rows.length });
	return { headers, rows, rowNumbers, format, ...(delimiter ? { delimiter } : {}) };
}

/** A spreadsheet cell's value as the text a person sees. */
function cellText(value: unknown, numFmt?: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') {
		// A cell formatted as a percentage holds 0.8 for "80%".
		const shown = numFmt?.includes('%') ? Math.round(value * 100 * 1e6) / 1e6 : value;
		return String(shown);
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown; hyperlink?: string };
		if (Array.isArray(v.richText)) return v.richText.map((part) => part.text).join('');
		if ('result' in v) return cellText(v.result, numFmt);
		if (v.text !== undefined) return cellText(v.text, numFmt);
		if (v.hyperlink) return v.hyperlink;
		return '';
	}
	return String(value);
}

/**
 * The first worksheet that has content. exceljs is loaded only now (a dynamic import), so the
 * board page does not carry it until someone picks a workbook.
 */
export async function readXlsx(bytes: Uint8Array): Promise<ImportTable> {
	const ExcelJS = (await import('exceljs')).default;
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	} catch (e) {
		throw new ImportFileError('unreadable', { reason: e instanceof Error ? e.message : String(e) });
	}
	const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
	if (!sheet) throw new ImportFileError('empty');
	// Counted before reading cells: a sheet with a million rows is refused without building them all.
	if (sheet.actualRowCount - 1 > IMPORT_LIMITS.rows) throw new ImportFileError('too_many_rows', { rows: sheet.actualRowCount - 1 });
	const lines: string[][] = [];
	sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell, column) => {
			cells[column - 1] = cellText(cell.value, cell.numFmt);
		});
		lines[rowNumber - 1] = Array.from(cells, (cell) => cell ?? '');
	});
	return toTable(Array.from(lines, (line) => line ?? []), 'xlsx');
}

// ── words: the catalog in every language, and synonyms ──────────────────────

/** Lower case, compatibility forms folded (full-width letters), one space between words, no edge punctuation. */
export function normalize(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\s_]+/g, ' ')
		.replace(/^[\s*:#.\-–—]+|[\s*:#.\-–—]+$/g, '')
		.trim();
}

/** A catalog message without inputs, callable in the current locale or a given one. */
type Message = (inputs?: Record<string, never>, options?: { locale?: (typeof locales)[number] }) => string;

const atAllLocales = (message: Message) => locales.map((locale) => message({}, { locale }));

const HEADER_SYNONYMS: Record<ImportField, string[]> = {
	name: [
		'name', 'names', 'full name', 'stakeholder', 'stakeholders', 'stakeholder name', 'actor', 'nama', 'nama lengkap',
		'pemangku kepentingan', 'nama pemangku kepentingan', 'aktor', '이름', '성명', '명칭', '이해관계자', '이해관계자명',
		'имя', 'фио', 'название', 'наименование', 'стейкхолдер', 'заинтересованная сторона', 'атауы', 'аты', 'атау', 'аты-жөні',
		'мүдделі тарап', 'нэр', 'оролцогч тал'
	],
	organization: [
		'organization', 'organisation', 'org', 'institution', 'agency', 'company', 'affiliation', 'instansi', 'lembaga',
		'organisasi', 'dinas', 'opd', 'perusahaan', 'asal instansi', '기관', '기관명', '소속', '소속 기관', '조직', '회사',
		'организация', 'учреждение', 'ведомство', 'компания', 'ұйым', 'мекеме', 'компания атауы', 'байгууллага', 'албан газар'
	],
	role: [
		'role', 'position', 'job title', 'title', 'function', 'jabatan', 'peran', 'posisi', '역할', '직위', '직책', '직함',
		'роль', 'должность', 'функция', 'рөлі', 'рөл', 'лауазымы', 'лауазым', 'үүрэг', 'албан тушаал'
	],
	helix: [
		'helix', 'sector', 'pentahelix', 'penta helix', 'category', 'type', 'actor type', 'sektor', 'heliks', 'unsur', 'kategori',
		'jenis', 'unsur pentahelix', '부문', '섹터', '분야', '유형', '구분', 'сектор', 'тип', 'категория', 'спираль', 'секторы',
		'түрі', 'санаты', 'салбар', 'ангилал', 'төрөл'
	],
	attitude: [
		'attitude', 'stance', 'support', 'position on the policy', 'sikap', 'dukungan', 'posisi sikap', '태도', '입장', '지지 여부',
		'позиция', 'отношение', 'ұстаным', 'көзқарас', 'хандлага', 'байр суурь'
	],
	power: [
		'power', 'influence', 'power (0-100)', 'kekuatan', 'pengaruh', 'kekuasaan', '권력', '영향력', '힘', 'влияние', 'сила',
		'власть', 'ықпал', 'билік', 'ықпалы', 'эрх мэдэл', 'нөлөө'
	],
	interest: [
		'interest', 'interest (0-100)', 'kepentingan', 'minat', 'ketertarikan', '관심', '관심도', '이해관계', 'интерес',
		'заинтересованность', 'мүдделілік', 'қызығушылық', 'мүдде', 'сонирхол'
	],
	notes: [
		'notes', 'note', 'comments', 'comment', 'remarks', 'description', 'catatan', 'keterangan', 'deskripsi', '메모', '비고',
		'설명', 'заметки', 'примечание', 'примечания', 'комментарий', 'описание', 'жазбалар', 'ескертпе', 'түсініктеме',
		'тэмдэглэл', 'тайлбар'
	]
};

/** Each field's name in the catalog: the mapping step's labels, and (in every language) a header it recognises. */
export const FIELD_LABELS: Record<ImportField, Message> = {
	name: m.insp_name,
	organization: m.insp_organization,
	role: m.insp_role,
	helix: m.insp_helix,
	attitude: m.insp_attitude,
	power: m.insp_power,
	interest: m.insp_interest,
	notes: m.insp_notes
};

const HELIX_MESSAGES: Record<Helix, Message> = {
	government: m.helix_government,
	business: m.helix_business,
	academia: m.helix_academia,
	community: m.helix_community,
	media: m.helix_media
};

const ATTITUDE_MESSAGES: Record<Attitude, Message> = {
	champion: m.attitude_champion,
	supporter: m.attitude_supporter,
	neutral: m.attitude_neutral,
	skeptic: m.attitude_skeptic,
	blocker: m.attitude_blocker
};

const HELIX_SYNONYMS: Record<Helix, string[]> = {
	// The single letters are Indonesia's ABCGM (Academics, Business, Community, Government, Media).
	government: ['g', 'gov', 'govt', 'public sector', 'pemerintahan', 'pemda', 'pemerintah daerah', '공공', '공공부문', '정부기관', 'власть', 'государственный сектор', 'мемлекеттік сектор', 'төрийн байгууллага', 'засгийн газар'],
	business: ['b', 'private', 'private sector', 'industry', 'company', 'swasta', 'dunia usaha', 'industri', 'pengusaha', '산업계', '민간', '민간기업', '기업체', 'частный сектор', 'предприниматели', 'кәсіпкерлік', 'жеке сектор', 'бизнес', 'аж ахуйн нэгж'],
	academia: ['a', 'academic', 'academics', 'academy', 'university', 'research', 'akademik', 'akademisi', 'perguruan tinggi', 'universitas', 'kampus', '대학', '연구기관', '학계·연구', 'академия', 'университет', 'академическое сообщество', 'университет', 'академия', 'их сургууль', 'эрдэм шинжилгээний байгууллага'],
	community: ['c', 'civil society', 'ngo', 'citizens', 'masyarakat', 'komunitas masyarakat', 'lsm', 'ormas', '시민사회', '주민', '시민단체', 'гражданское общество', 'сообщество', 'нко', 'азаматтық қоғам', 'қоғам', 'иргэний нийгэм', 'ТББ'],
	media: ['m', 'press', 'news', 'pers', 'media massa', '미디어', '방송', 'медиа', 'пресса', 'бұқаралық ақпарат құралдары', 'хэвлэл']
};

const ATTITUDE_SYNONYMS: Record<Attitude, string[]> = {
	champion: ['leader', 'promoter', 'strong supporter', 'penggerak utama', 'pendukung kuat', '주도자', 'лидер', 'чемпион', 'көшбасшы'],
	supporter: ['support', 'supportive', 'positive', 'mendukung', 'pendukung', 'positif', '지지', '찬성', 'поддерживает', 'сторонник', 'қолдайды', 'дэмждэг'],
	neutral: ['neutral', 'netral', '중립적', 'нейтрально', 'нейтральный', 'бейтарап', 'төвийг сахисан'],
	skeptic: ['sceptic', 'skeptical', 'sceptical', 'doubtful', 'skeptis', 'ragu', '회의적', 'скептически', 'скептик', 'күмәнді', 'эргэлзээтэй'],
	blocker: ['opponent', 'against', 'resistant', 'negative', 'menolak', 'penentang', 'negatif', '반대', 'против', 'противник', 'қарсы', 'эсэргүүцдэг']
};

export interface ImportVocabulary {
	headers: Record<ImportField, Set<string>>;
	helix: Map<string, Helix>;
	attitude: Map<string, Attitude>;
}

let vocabulary: ImportVocabulary | null = null;

/** Every word the import recognises, normalised; built once from the catalog and the lists above. */
export function importVocabulary(): ImportVocabulary {
	if (vocabulary) return vocabulary;
	const headers = Object.fromEntries(
		IMPORT_FIELDS.map((field) => [field, new Set([...atAllLocales(FIELD_LABELS[field]), ...HEADER_SYNONYMS[field]].map(normalize))])
	) as Record<ImportField, Set<string>>;
	const helix = new Map<string, Helix>();
	for (const h of HELIXES) for (const word of [h, ...atAllLocales(HELIX_MESSAGES[h]), ...HELIX_SYNONYMS[h]]) helix.set(normalize(word), h);
	const attitude = new Map<string, Attitude>();
	for (const a of ATTITUDES) for (const word of [a, ...atAllLocales(ATTITUDE_MESSAGES[a]), ...ATTITUDE_SYNONYMS[a]]) attitude.set(normalize(word), a);
	vocabulary = { headers, helix, attitude };
	return vocabulary;
}

// ── the mapping: which column holds which field ─────────────────────────────

/** Column index per field, null when no column holds it. */
export type ImportMapping = Record<ImportField, number | null>;

export function emptyMapping(): ImportMapping {
	return Object.fromEntries(IMPORT_FIELDS.map((field) => [field, null])) as ImportMapping;
}

/**
 * Guesses the mapping from the header row: a header equal to a known word wins over one that only
 * starts with it ("Power (0–100)"), a column serves one field, and a field takes one column.
 */
export function guessMapping(headers: readonly string[], words: ImportVocabulary = importVocabulary()): ImportMapping {
	const candidates: { field: ImportField; column: number; score: number }[] = [];
	headers.forEach((header, column) => {
		const text = normalize(header);
		if (!text) return;
		// "Power (0-100)", "Nama / Name": the part before brackets or a slash counts too.
		const parts = [text, ...text.split(/[/|(（[]/).map((part) => normalize(part.replace(/[)）\]]/g, '')))].filter(Boolean);
		IMPORT_FIELDS.forEach((field, order) => {
			const known = words.headers[field];
			let score = 0;
			if (known.has(text)) score = 3;
			else if (parts.some((part) => known.has(part))) score = 2;
			else if ([...known].some((word) => word.length >= 3 && (text.startsWith(`${word} `) || text.endsWith(` ${word}`)))) score = 1;
			// Fields earlier in the list win ties: "name" before "organization".
			if (score > 0) candidates.push({ field, column, score: score * 100 - order });
		});
	});
	candidates.sort((a, b) => b.score - a.score || a.column - b.column);
	const mapping = emptyMapping();
	const taken = new Set<number>();
	for (const { field, column } of candidates) {
		if (mapping[field] !== null || taken.has(column)) continue;
		mapping[field] = column;
		taken.add(column);
	}
	return mapping;
}

// ── rows: what each becomes, and what is wrong with it ──────────────────────

export type ProblemKind = 'missing' | 'unknown_value' | 'not_a_number' | 'out_of_range' | 'too_long';

export interface RowProblem {
	field: ImportField;
	kind: ProblemKind;
	/** The cell as written, for the message. */
	value: string;
}

export interface StakeholderDraft {
	name: string;
	helix: Helix;
	organization: string;
	role: string;
	attitude: Attitude;
	power: number;
	interest: number;
	notes: string;
}

export interface ImportRow {
	/** Row number in the file as a spreadsheet shows it (the header is row 1). */
	rowNumber: number;
	/** What the row would create; null when it has problems (it is then never imported). */
	draft: StakeholderDraft | null;
	/** Whatever could be read, for the preview (helix and attitude null when not recognised). */
	shown: { name: string; organization: string; role: string; helix: Helix | null; attitude: Attitude | null; power: number | null; interest: number | null; notes: string };
	problems: RowProblem[];
}

/** "80", "80%", "72,5" → a whole number; null when it is not a number at all. */
export function readPercent(text: string): number | null {
	const cleaned = text.trim().replace(/%$/, '').trim().replace(',', '.');
	if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
	return Math.round(Number(cleaned));
}

export function mapRows(table: ImportTable, mapping: ImportMapping, words: ImportVocabulary = importVocabulary()): ImportRow[] {
	return table.rows.map((cells, i) => {
		const cell = (field: ImportField) => {
			const column = mapping[field];
			return column === null ? '' : (cells[column] ?? '').trim();
		};
		const problems: RowProblem[] = [];
		const text = (field: ImportField) => {
			const value = cell(field);
			if (value.length > IMPORT_LIMITS.text) problems.push({ field, kind: 'too_long', value: `${value.slice(0, 40)}…` });
			return value;
		};
		const name = text('name');
		if (!name) problems.push({ field: 'name', kind: 'missing', value: '' });
		const organization = text('organization');
		const role = text('role');
		const notes = cell('notes');

		const helixText = cell('helix');
		const helix = helixText ? (words.helix.get(normalize(helixText)) ?? null) : null;
		if (!helixText) problems.push({ field: 'helix', kind: 'missing', value: '' });
		else if (!helix) problems.push({ field: 'helix', kind: 'unknown_value', value: helixText });

		const attitudeText = cell('attitude');
		const attitude: Attitude | null = attitudeText ? (words.attitude.get(normalize(attitudeText)) ?? null) : 'neutral';
		if (!attitude) problems.push({ field: 'attitude', kind: 'unknown_value', value: attitudeText });

		const percent = (field: 'power' | 'interest') => {
			const value = cell(field);
			if (!value) return 50;
			const number = readPercent(value);
			if (number === null) problems.push({ field, kind: 'not_a_number', value });
			else if (number < 0 || number > 100) problems.push({ field, kind: 'out_of_range', value });
			else return number;
			return null;
		};
		const power = percent('power');
		const interest = percent('interest');

		const shown = { name, organization, role, helix, attitude, power, interest, notes };
		const draft =
			problems.length === 0 ? { name, organization, role, helix: helix!, attitude: attitude!, power: power!, interest: interest!, notes } : null;
		return { rowNumber: table.rowNumbers[i], draft, shown, problems };
	});
}

// ── placing and adding ──────────────────────────────────────────────────────

interface Box {
	x: number;
	y: number;
}

const overlaps = (a: Box, b: Box) => Math.abs(a.x - b.x) < CARD_WIDTH && Math.abs(a.y - b.y) < CARD_HEIGHT;

/**
 * Positions (top-left corners) for new cards, one per helix given, in their helix's sector: the
 * nearest free cells of the grid "Arrange by helix" uses, skipping every cell a card already on
 * the board (or one placed before it here) would overlap.
 */
export function placeNewCards(existing: readonly Box[], helixes: readonly Helix[]): Box[] {
	const occupied: Box[] = [...existing];
	const positions: Box[] = new Array(helixes.length);
	for (const helix of HELIXES) {
		const indexes = helixes.flatMap((h, i) => (h === helix ? [i] : []));
		if (indexes.length === 0) continue;
		let want = indexes.length + occupied.length + 4;
		for (;;) {
			const free = arrangeInSector(helix, want).filter((cell) => !occupied.some((box) => overlaps(cell, box)));
			if (free.length >= indexes.length) {
				indexes.forEach((index, k) => {
					positions[index] = free[k];
					occupied.push(free[k]);
				});
				break;
			}
			want *= 2;
		}
	}
	return positions;
}

/** The drafts as a clip of cards at free places on this board (see placeNewCards). */
export function importClip(doc: Y.Doc, drafts: readonly StakeholderDraft[]): BoardClip {
	const existing = readStakeholders(doc).map(({ x, y }) => ({ x, y }));
	const positions = placeNewCards(existing, drafts.map((d) => d.helix));
	return {
		format: 'helixboard-clip',
		version: 1,
		stakeholders: drafts.map((draft, i) => ({ id: `import-${i}`, fields: { ...draft, ...positions[i] } })),
		relations: []
	};
}

/** Where a clip's top-left card is, so pasting it there keeps every position as placed. */
export function clipOrigin(clip: BoardClip): { x: number; y: number } {
	return {
		x: Math.min(...clip.stakeholders.map((s) => s.fields.x as number)),
		y: Math.min(...clip.stakeholders.map((s) => s.fields.y as number))
	};
}

/**
 * Adds the drafts to the board in one transaction (all or nothing: everything is computed before
 * it starts) and returns the new ids. The app pastes `importClip` through its session instead,
 * which does the same with its undo origin.
 */
export function importStakeholders(doc: Y.Doc, drafts: readonly StakeholderDraft[], origin?: unknown): string[] {
	if (drafts.length === 0) return [];
	const clip = importClip(doc, drafts);
	return pasteClip(doc, clip, clipOrigin(clip), origin);
}
