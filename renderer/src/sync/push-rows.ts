import { isEventCollectionName, type CollectionName } from '#shared/domain/index';
import type { PushResponse, RowRejection, WireDocument } from '#shared/sync/index';
import type { RefusedRow } from './refusal-store';

/** Records of the built-in demo data are never uploaded: they are not crew work. */
export const demoDevice = 'demo-device';

/** A row as RxDB's replication hands it to the push handler. */
export type LocalPushRow = {
  readonly assumedMasterState?: Record<string, unknown> | undefined;
  readonly newDocumentState: Record<string, unknown>;
};

/** Only the record's own fields and RxDB's deletion flag go on the wire. */
export function wireDoc(doc: Record<string, unknown>): WireDocument {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!key.startsWith('_') || key === '_deleted') {
      out[key] = value;
    }
  }
  return { ...out, _deleted: doc['_deleted'] === true } as WireDocument;
}

/** The wire form of rows to push. */
export function wireRows(rows: readonly LocalPushRow[]) {
  return rows.map((r) => ({
    assumedMasterState: r.assumedMasterState ? wireDoc(r.assumedMasterState) : null,
    newDocumentState: wireDoc(r.newDocumentState),
  }));
}

/**
 * Which of RxDB's rows this account sends: no demo field events; no reference record of another
 * region that the device never pulled (its built-in demo data); and never a refused record — a
 * refused record is sent again only when the crew asks (resend, move), never by a retry.
 */
export function rowsToSend(
  name: CollectionName,
  rows: readonly LocalPushRow[],
  scope: string,
  isRefused: (id: string) => boolean,
): LocalPushRow[] {
  return rows.filter((r) => {
    const doc = r.newDocumentState;
    if (isRefused(String(doc['id']))) {
      return false;
    }
    if (isEventCollectionName(name)) {
      return doc['deviceId'] !== demoDevice;
    }
    return r.assumedMasterState !== undefined || String(doc['divisionCode']).startsWith(scope);
  });
}

/**
 * The refusals to keep from a push answer, with what the device knew when it sent each row (the
 * record's division, the account's region) as parameters of the reason. A reference record the device
 * never pulled that the service does not hold is local-only data, not crew work: left out (`localOnly`
 * counts them for the log).
 */
export function refusalsOf(
  name: CollectionName,
  sent: readonly LocalPushRow[],
  rejected: readonly RowRejection[],
  scope: string,
): { readonly refused: RefusedRow[]; readonly localOnly: number } {
  const byId = new Map(sent.map((r) => [String(r.newDocumentState['id']), r]));
  const refused: RefusedRow[] = [];
  let localOnly = 0;
  for (const row of rejected) {
    const local = byId.get(row.id);
    if (
      !isEventCollectionName(name) &&
      row.code === 'forbidden' &&
      local !== undefined &&
      local.assumedMasterState === undefined
    ) {
      localOnly += 1;
      continue;
    }
    const division = local?.newDocumentState['divisionCode'];
    const fromService = (row as RowRejection & { params?: unknown }).params;
    refused.push({
      id: row.id,
      code: row.code,
      message: row.message,
      params: {
        ...(typeof division === 'string' ? { division } : {}),
        region: scope,
        ...(typeof fromService === 'object' && fromService !== null
          ? (fromService as Record<string, string | number>)
          : {}),
      },
    });
  }
  return { refused, localOnly };
}

/**
 * The service's stamped copies of this device's own events that a pull brought while the local copy
 * was still waiting for its push; RxDB does not apply those (a local write not yet pushed wins in its
 * downstream), so the push hands them back (see `acknowledgedCopies`). Bounded per collection.
 */
export function createPulledStamps(limit = 10_000) {
  const waiting = new Map<CollectionName, Map<string, WireDocument>>();
  return {
    /** Keeps the stamped copies among `documents` whose local copy has no stamp yet. */
    remember(
      name: CollectionName,
      documents: readonly WireDocument[],
      localIsStamped: (id: string) => boolean,
    ) {
      const map = waiting.get(name) ?? new Map<string, WireDocument>();
      for (const doc of documents) {
        if (typeof doc['receivedAt'] === 'number' && !localIsStamped(doc.id)) {
          map.delete(doc.id);
          map.set(doc.id, doc);
        }
      }
      // A copy RxDB did apply after all is never asked for again: the oldest go first.
      for (const id of map.keys()) {
        if (map.size <= limit) {
          break;
        }
        map.delete(id);
      }
      waiting.set(name, map);
    },
    take(name: CollectionName, id: string): WireDocument | undefined {
      const doc = waiting.get(name)?.get(id);
      waiting.get(name)?.delete(id);
      return doc;
    },
    clear(): void {
      waiting.clear();
    },
  };
}
export type PulledStamps = ReturnType<typeof createPulledStamps>;

/**
 * Field events the service accepted go back to RxDB as the service's copy, stamped with its receipt
 * time (the master state of a conflict, which RxDB's default handler takes). Without this the local
 * copy keeps `receivedAt: null` whenever a pull passed the stamped copy before the push was answered:
 * the pull checkpoint is past it, so it never comes again, and the record stays pending for good. The
 * stamp is the pulled copy's when one came, else this push's receipt time.
 */
export function acknowledgedCopies(
  name: CollectionName,
  rows: readonly LocalPushRow[],
  response: Pick<PushResponse, 'accepted' | 'receivedAt'>,
  stamps: PulledStamps,
): WireDocument[] {
  const accepted = new Set(response.accepted);
  const copies: WireDocument[] = [];
  for (const row of rows) {
    const doc = row.newDocumentState;
    const id = String(doc['id']);
    if (!accepted.has(id) || typeof doc['receivedAt'] === 'number') {
      continue;
    }
    copies.push(stamps.take(name, id) ?? { ...wireDoc(doc), receivedAt: response.receivedAt });
  }
  return copies;
}
