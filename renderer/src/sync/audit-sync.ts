import type { AuditPullResponse } from '#shared/sync/audit-wire';
import type { ClientResult, RowRejection } from '#shared/sync/index';
import type { LocalStore } from './series-cache';

/**
 * The laptop's copy of its region's data-audit findings and their handling events (issue 16 item 5),
 * kept in the device database's local documents (the device database has no collection left for
 * them): pulled page by page after the last checkpoint served, never more than `maxRecords` of
 * each; and the crew's own handling events, pushed until the service answers for each row:
 * - accepted: marked sent (kept, so the fold still sees it);
 * - refused: kept with the service's code and reason, shown as refused, never sent again;
 * - no answer (offline, service down): left pending for the next run.
 */
export const auditSyncPolicy = { pageSize: 500, maxPages: 20, maxRecords: 20_000 } as const;
export type AuditSyncPolicy = { readonly [K in keyof typeof auditSyncPolicy]: number };

export type AuditPushAnswer = {
  readonly accepted: readonly string[];
  readonly rejected: readonly RowRejection[];
};

/** The three requests the audit sync makes of the service. */
export type AuditClient = {
  findings(after: number, limit: number): Promise<ClientResult<AuditPullResponse>>;
  events(after: number, limit: number): Promise<ClientResult<AuditPullResponse>>;
  push(rows: readonly object[]): Promise<ClientResult<AuditPushAnswer>>;
};

export type PulledRecords = {
  readonly checkpoint: number;
  readonly records: Readonly<Record<string, Record<string, unknown>>>;
};

export type OutgoingEvent = {
  readonly record: Record<string, unknown> & { readonly id: string };
  readonly state: 'pending' | 'sent' | 'refused';
  /** The service's code and reason of a refused event. */
  readonly refusal: { readonly code: string; readonly message: string } | null;
};

export const auditSyncDocs = {
  findings: 'audit-sync-findings',
  events: 'audit-sync-events',
  outbox: 'audit-sync-outbox',
} as const;

/** Network-level failures: nothing was decided about the rows, they stay pending. */
const transient = new Set(['network', 'unavailable', 'rate-limited', 'unauthorized', 'revoked', 'internal']);

export function createAuditSync(options: { readonly store: LocalStore; readonly policy?: AuditSyncPolicy }) {
  const policy = options.policy ?? auditSyncPolicy;
  const { store } = options;
  let running: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  };
  const readPulled = async (id: string): Promise<PulledRecords> =>
    (await store.get<PulledRecords>(id)) ?? { checkpoint: 0, records: {} };
  const readOutbox = async (): Promise<OutgoingEvent[]> =>
    (await store.get<{ rows: OutgoingEvent[] }>(auditSyncDocs.outbox))?.rows ?? [];

  /** Pages after the stored checkpoint; the checkpoint and records are saved after every page. */
  const pullOne = async (id: string, page: AuditClient['findings']) => {
    let pulled = await readPulled(id);
    let received = 0;
    for (let i = 0; i < policy.maxPages; i += 1) {
      const answer = await page(pulled.checkpoint, policy.pageSize);
      if (!answer.ok) {
        return { received, ok: false as const, error: answer.error.message };
      }
      const records = { ...pulled.records };
      for (const doc of answer.value.documents) {
        const docId = typeof doc['id'] === 'string' ? doc['id'] : null;
        if (docId === null) {
          continue;
        }
        if (doc._deleted) {
          delete records[docId];
        } else {
          const { _deleted: _, ...record } = doc;
          records[docId] = record;
        }
      }
      const ids = Object.keys(records);
      for (const drop of ids.slice(0, Math.max(0, ids.length - policy.maxRecords))) {
        delete records[drop]; // the oldest written go first
      }
      pulled = { checkpoint: Math.max(pulled.checkpoint, answer.value.checkpoint), records };
      await store.put(id, pulled);
      received += answer.value.documents.length;
      if (answer.value.documents.length < policy.pageSize) {
        break;
      }
    }
    return { received, ok: true as const, error: null };
  };

  return {
    /** Pulls the region's findings and their events written since the last checkpoints. */
    pull: (client: AuditClient) =>
      serial(async () => ({
        findings: await pullOne(auditSyncDocs.findings, (a, l) => client.findings(a, l)),
        events: await pullOne(auditSyncDocs.events, (a, l) => client.events(a, l)),
      })),
    /** Sends the pending events; what the service answered is recorded row by row. */
    push: (client: AuditClient) =>
      serial(async () => {
        const outbox = await readOutbox();
        const pending = outbox.filter((r) => r.state === 'pending').slice(0, policy.pageSize);
        if (pending.length === 0) {
          return { sent: 0, refused: 0, pending: 0, error: null };
        }
        const answer = await client.push(pending.map((r) => r.record));
        if (!answer.ok) {
          if (transient.has(answer.error.code)) {
            return { sent: 0, refused: 0, pending: pending.length, error: answer.error.message };
          }
          // The whole batch refused (a malformed push): each row keeps the reason, none is retried.
          const refusal = { code: answer.error.code, message: answer.error.message };
          const ids = new Set(pending.map((r) => r.record.id));
          await store.put(auditSyncDocs.outbox, {
            rows: outbox.map((r) => (ids.has(r.record.id) ? { ...r, state: 'refused', refusal } : r)),
          });
          return { sent: 0, refused: pending.length, pending: 0, error: answer.error.message };
        }
        const accepted = new Set(answer.value.accepted);
        const rejected = new Map(answer.value.rejected.map((r) => [r.id, r]));
        const rows = outbox.map((r): OutgoingEvent => {
          if (r.state !== 'pending') {
            return r;
          }
          const no = rejected.get(r.record.id);
          if (no !== undefined) {
            return { ...r, state: 'refused', refusal: { code: no.code, message: no.message } };
          }
          return accepted.has(r.record.id) ? { ...r, state: 'sent', refusal: null } : r;
        });
        await store.put(auditSyncDocs.outbox, { rows });
        return {
          sent: rows.filter((r, i) => r.state === 'sent' && outbox[i]?.state === 'pending').length,
          refused: rows.filter((r, i) => r.state === 'refused' && outbox[i]?.state === 'pending').length,
          pending: rows.filter((r) => r.state === 'pending').length,
          error: null,
        };
      }),
    /** Queues one of the crew's events (the same id again is a no-op). */
    enqueue: (record: OutgoingEvent['record']) =>
      serial(async () => {
        const outbox = await readOutbox();
        if (outbox.some((r) => r.record.id === record.id)) {
          return false;
        }
        await store.put(auditSyncDocs.outbox, {
          rows: [...outbox, { record, state: 'pending', refusal: null }],
        });
        return true;
      }),
    findings: async () => Object.values((await readPulled(auditSyncDocs.findings)).records),
    /** The region's events as pulled, with this laptop's own not yet pulled back (refused ones excluded). */
    events: async () => {
      const pulled = (await readPulled(auditSyncDocs.events)).records;
      const own = (await readOutbox()).filter(
        (r) => r.state !== 'refused' && pulled[r.record.id] === undefined,
      );
      return [...Object.values(pulled), ...own.map((r) => r.record)];
    },
    outbox: readOutbox,
  };
}

export type AuditSync = ReturnType<typeof createAuditSync>;
