import { collectionNames } from '#shared/domain/index';
import type { CollectionSyncState, SyncState } from './sync-store';

/** The header's colour: antd Tag colours. */
export type VerdictTone = 'default' | 'processing' | 'success' | 'warning' | 'error';

/** The Sync centre's header: a catalog key under `sync:` with its parameters, and a tone. */
export type SyncVerdict = {
  readonly key: string;
  readonly params: Readonly<Record<string, number>>;
  readonly tone: VerdictTone;
};

/** What is not on the service yet, over every collection and the photo files. */
export type Outstanding = {
  readonly pending: number;
  readonly sent: number;
  readonly refused: number;
  readonly inReview: number;
  readonly photosPending: number;
  readonly photosFailed: number;
  readonly photosBlocked: number;
};

function outstanding(state: SyncState): Outstanding {
  const sum = (pick: (c: CollectionSyncState) => number) =>
    collectionNames.reduce((n, name) => n + pick(state.collections[name]), 0);
  return {
    pending: sum((c) => c.pending),
    sent: sum((c) => c.sent),
    refused: Math.max(
      sum((c) => c.refused),
      state.refusals.length,
    ),
    inReview: sum((c) => c.inReview),
    photosPending: state.photoFiles.pending,
    photosFailed: state.photoFiles.failed,
    photosBlocked: state.photoFiles.blocked,
  };
}

/**
 * The one judgement of the header, never more optimistic than the truth. In order:
 * not enrolled; revoked; refused records (or blocked photos) — red, whatever the connection does,
 * because they wait for the crew; offline; a failing service; records or photos still on their
 * way; connecting; and only then 已同步, green — when nothing is pending, sent, refused or failed.
 * Edits in review do not keep the header from green (they are on the service, waiting for a
 * supervisor) but are named in their row.
 */
export function syncVerdict(state: SyncState): SyncVerdict {
  if (state.phase === 'not-enrolled' || state.settings === null) {
    return { key: 'phase.not-enrolled', params: {}, tone: 'default' };
  }
  if (state.phase === 'revoked') {
    return { key: 'phase.revoked', params: {}, tone: 'error' };
  }
  const o = outstanding(state);
  if (o.refused > 0 || o.photosBlocked > 0) {
    // Records, not files: a blocked photo file is the consequence of its refused record.
    return {
      key: 'verdict.refused',
      params: { count: o.refused > 0 ? o.refused : o.photosBlocked },
      tone: 'error',
    };
  }
  if (state.phase === 'offline') {
    return { key: 'phase.offline', params: {}, tone: 'warning' };
  }
  if (state.phase === 'error') {
    return { key: 'phase.error', params: {}, tone: 'warning' };
  }
  if (state.firstPull !== null) {
    // A new laptop's first pull is not 已同步 while the province is still coming in (each row's
    // progress is shown under the header).
    return {
      key: 'verdict.firstPull',
      params: { count: state.firstPull.pending.length },
      tone: 'processing',
    };
  }
  const waiting = o.pending + o.sent + o.photosPending + o.photosFailed;
  if (waiting > 0) {
    return { key: 'verdict.waiting', params: { count: waiting }, tone: 'processing' };
  }
  if (state.phase === 'starting' || state.phase === 'syncing') {
    return { key: `phase.${state.phase}`, params: {}, tone: 'processing' };
  }
  return { key: 'phase.idle', params: {}, tone: 'success' };
}

/**
 * The "last successful sync" a row may show: none while the row has anything refused or a failed last
 * request — the time of an earlier success would read as if the failed records had gone up.
 */
export function shownLastSync(row: {
  readonly lastSyncAt: number | null;
  readonly refused: number;
  readonly failed: number;
  readonly hasError: boolean;
}): number | null {
  return row.refused > 0 || row.failed > 0 || row.hasError ? null : row.lastSyncAt;
}
