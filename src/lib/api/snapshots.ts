/** Request and response bodies of the named-snapshot routes (README: compatible API additions). */
import * as v from 'valibot';

export const MAX_SNAPSHOT_NAME_LENGTH = 120;
export const MAX_SNAPSHOT_AUTHOR_LENGTH = 80;

/** Board and snapshot ids in URLs: URL-safe, as newId() makes them. */
export const SNAPSHOT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const CreateSnapshotRequest = v.object({
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(MAX_SNAPSHOT_NAME_LENGTH)),
	/** The taker's display name, as the app shows it in presence; the role's name when omitted. */
	author: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(MAX_SNAPSHOT_AUTHOR_LENGTH)))
});
export type CreateSnapshotRequest = v.InferInput<typeof CreateSnapshotRequest>;

export interface SnapshotSummary {
	snapshotId: string;
	name: string;
	/** ms since epoch */
	createdAt: number;
	createdBy: string;
}

export interface ListSnapshotsResponse {
	snapshots: SnapshotSummary[];
}

export interface RestoreSnapshotResponse {
	snapshotId: string;
	/** false when the board already had the snapshot's content (nothing was written). */
	changed: boolean;
}
