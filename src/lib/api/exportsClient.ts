/**
 * The browser side of the exports: board files from `GET /api/boards/<id>/export` and the workshop
 * report from `POST /api/workshops/<id>/report`, read as a progress stream, each saved as a download.
 * A refusal throws an Error with the server's message.
 */
import { REPORT_STREAM_TYPE, type ReportProgress, type ReportRequest, type ReportStreamLine } from './exports.js';

/** Saves `blob` under `filename` through a temporary link (the browser's own download). */
export function saveFile(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	link.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The UTF-8 name of a Content-Disposition header (RFC 6266), else its plain one. */
function filenameOf(response: Response, fallback: string): string {
	const header = response.headers.get('content-disposition') ?? '';
	const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
	if (utf8) {
		try {
			return decodeURIComponent(utf8[1]);
		} catch {
			/* the plain name below */
		}
	}
	return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

async function refusal(response: Response): Promise<Error> {
	const body = (await response.json().catch(() => null)) as { error?: string } | null;
	return new Error(body?.error ?? `HTTP ${response.status}`);
}

/** Downloads one export of a board; `params` are the query (format, lang, view, labels). */
export async function downloadBoardExport(boardId: string, token: string, params: Record<string, string>): Promise<void> {
	const query = new URLSearchParams(params).toString();
	const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
	if (!response.ok) throw await refusal(response);
	saveFile(await response.blob(), filenameOf(response, `board.${params.format ?? 'json'}`));
}

/** Builds and downloads the workshop report, calling `onProgress` as the server reports each group. */
export async function downloadReport(workshopId: string, token: string, request: ReportRequest, onProgress: (progress: ReportProgress) => void): Promise<void> {
	const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/report`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: REPORT_STREAM_TYPE },
		body: JSON.stringify(request)
	});
	if (!response.ok || !response.body) throw await refusal(response);
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffered = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (value) buffered += value;
		let newline: number;
		while ((newline = buffered.indexOf('\n')) >= 0) {
			const line = JSON.parse(buffered.slice(0, newline)) as ReportStreamLine;
			buffered = buffered.slice(newline + 1);
			if (line.type === 'progress') onProgress(line);
			else if (line.type === 'error') throw new Error(line.error);
			else {
				const bytes = Uint8Array.from(atob(line.pdf), (c) => c.charCodeAt(0));
				saveFile(new Blob([bytes], { type: 'application/pdf' }), line.filename);
				return;
			}
		}
		if (done) throw new Error('the report stopped before it was finished');
	}
}
