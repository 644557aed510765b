/** Actions of the smart-governance plan. */
import * as Y from 'yjs';
import { collection } from './doc.js';
import { newId } from './ids.js';

export function addAction(
	doc: Y.Doc,
	fields: { title: string; owner?: string | null; partners?: string[]; order: string },
	origin?: unknown
): string {
	const id = newId();
	doc.transact(() => {
		const item = new Y.Map<unknown>();
		item.set('title', fields.title);
		item.set('description', new Y.Text());
		item.set('owner', fields.owner ?? null);
		item.set('partners', Y.Array.from(fields.partners ?? []));
		item.set('start', null);
		item.set('end', null);
		item.set('indicator', '');
		item.set('target', '');
		item.set('budget', null);
		item.set('currency', 'IDR');
		item.set('status', 'planned');
		item.set('progress', 0);
		item.set('order', fields.order);
		collection(doc, 'actions').set(id, item);
	}, origin);
	return id;
}
