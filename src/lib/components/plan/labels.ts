/**
 * Words and formats the plan views share: status names and colours, the reason a value is
 * flagged, dates and money in the viewer's locale (stored as ISO dates and plain numbers).
 */
import type { ActionIssue, ActionIssueReason, ActionView } from '../../board/actions.js';
import type { ActionStatus } from '../../board/schema.js';
import { m } from '../../paraglide/messages.js';
import { dateFormat, numberFormat } from '../../intl.js';
import { invalidText } from '../stakeholders/style.js';

export const STATUS_STYLE: Record<ActionStatus, { color: string; tint: string }> = {
	planned: { color: '#4b5563', tint: '#eef0f3' },
	in_progress: { color: '#0072B2', tint: '#e3f0f8' },
	done: { color: '#00795A', tint: '#dff3ec' },
	blocked: { color: '#C24E00', tint: '#fbe7da' }
};

export function statusLabel(status: ActionStatus | null): string {
	if (!status) return m.status_invalid();
	return { planned: m.status_planned, in_progress: m.status_in_progress, done: m.status_done, blocked: m.status_blocked }[status]();
}

const REASONS: Record<ActionIssueReason, () => string> = {
	required: m.plan_reason_required,
	end_before_start: m.plan_reason_end_before_start,
	not_a_date: m.plan_reason_not_a_date,
	not_a_number: m.plan_reason_not_a_number,
	out_of_range: m.plan_reason_out_of_range,
	not_a_currency: m.plan_reason_not_a_currency,
	unknown_status: m.plan_reason_unknown_status,
	not_a_stakeholder: m.plan_reason_not_a_stakeholder,
	invalid: m.plan_reason_invalid
};

export function reasonText(reason: ActionIssueReason): string {
	return REASONS[reason]();
}

/** The issue of one field of an action, if any. */
export function issueOf(action: ActionView, field: string): ActionIssue | undefined {
	return action.issues.find((issue) => issue.field === field);
}

/** "“12,5 juta”: Not a number", or just the reason when nothing odd is stored (a missing title). */
export function flagText(action: ActionView, field: string): string | null {
	const issue = issueOf(action, field);
	if (!issue) return null;
	const reason = reasonText(issue.reason);
	return field in action.raw && issue.reason !== 'required' && issue.reason !== 'end_before_start'
		? m.plan_invalid_as_typed({ value: invalidText(action.raw[field]), reason })
		: reason;
}

/** A stored 'YYYY-MM-DD' in the viewer's locale, read as a calendar day (no time-zone shift). */
export function formatDate(iso: string | null, style: 'medium' | 'short' = 'medium'): string {
	if (!iso) return '';
	const [y, mo, d] = iso.split('-').map(Number);
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (Number.isNaN(date.getTime())) return iso;
	return dateFormat({ dateStyle: style, timeZone: 'UTC' }).format(date);
}

/** A moment (ms) in the viewer's locale, with the time: "since 3 Dec 2026, 14:05". */
export function formatMoment(ms: number): string {
	return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

/** A budget with its currency in the viewer's locale; a foreign currency code falls back to plain digits. */
export function formatBudget(amount: number | null, currency: string): string {
	if (amount === null) return '';
	try {
		return numberFormat({ style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
	} catch {
		return `${numberFormat().format(amount)} ${currency}`;
	}
}

/** Today as 'YYYY-MM-DD' in the viewer's time zone. */
export function todayIso(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
