import type { RxCollection } from 'rxdb';
import { isEventCollectionName, type CollectionName } from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { collectionReady } from '../db/deferred-collections';
import { wireDoc } from './push-rows';
import type { Refusal, RefusalStore } from './refusal-store';

/** A site a refused record may be moved to: inside the account's region. */
export type SiteChoice = {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly divisionCode: string;
};

/** The file a crew hands its supervisor: each refused record with its reason, as the crew read it. */
export type RefusalExport = {
  readonly kind: 'wrm-field refused records';
  readonly exportedAt: string;
  readonly account: { readonly username: string; readonly region: string } | null;
  readonly deviceId: string | null;
  readonly records: readonly {
    readonly collection: CollectionName;
    readonly id: string;
    readonly code: string;
    /** The reason and advice in the language the crew used when exporting. */
    readonly reason: string;
    readonly advice: string;
    /** The service's own words. */
    readonly serviceMessage: string;
    readonly firstRefusedAt: string;
    readonly refusedAt: string;
    readonly times: number;
    readonly record: Record<string, unknown> | null;
  }[];
};

export type MoveOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'not-refused' | 'not-found' | 'site-unknown' | 'outside-region' | 'not-movable';
    };

/** The collection once open (corrections opens in the background after the database). */
async function anyCollection(
  db: AppDatabase,
  name: CollectionName,
): Promise<RxCollection<Record<string, unknown>>> {
  return (await collectionReady(db, name)) as unknown as RxCollection<Record<string, unknown>>;
}

/**
 * What the crew can do with a refused record, one action each — never a blind retry, never a drop:
 * - `resend`: send it once more as it is (offered where it can now succeed);
 * - `move`: put it on another site of the account's region (a record made at the wrong site), then
 *   send it; the service never stored it, so nothing it holds changes;
 * - `exportFile`: a JSON file for a supervisor; the record stays on the laptop and listed.
 */
export function createRefusalActions(options: {
  readonly db: AppDatabase;
  readonly refusals: RefusalStore;
  readonly now: () => number;
  /** The enrolled account's region now, or null. */
  readonly region: () => string | null;
  /** Sends records straight to the service (the controller's push, with its bookkeeping). */
  readonly send: (name: CollectionName, docs: readonly Record<string, unknown>[]) => Promise<void>;
}) {
  const { db, refusals } = options;

  async function resend(collection: CollectionName, id: string): Promise<boolean> {
    const doc = await (await anyCollection(db, collection)).findOne(id).exec();
    if (doc === null || refusals.release(collection, id) === null) {
      return false;
    }
    await options.send(collection, [doc.toJSON()]);
    return true;
  }

  /** Sites of the account's region, of the same kind as the record's site where it says. */
  async function siteChoices(collection: CollectionName, id: string, limit = 500): Promise<SiteChoice[]> {
    const region = options.region();
    if (region === null) {
      return [];
    }
    const record = await (await anyCollection(db, collection)).findOne(id).exec();
    const kind = record?.get('siteKind') as unknown;
    const sites = await db.collections.sites
      .find({ selector: { divisionCode: { $regex: `^${region}` } } })
      .exec();
    return sites
      .filter((s) => typeof kind !== 'string' || s.kind === kind)
      .map((s) => ({ id: s.id, code: s.code, name: s.name, kind: s.kind, divisionCode: s.divisionCode }))
      .sort((a, b) => a.code.localeCompare(b.code))
      .slice(0, limit);
  }

  async function move(collection: CollectionName, id: string, siteId: string): Promise<MoveOutcome> {
    if (!refusals.has(collection, id)) {
      return { ok: false, reason: 'not-refused' };
    }
    if (!isEventCollectionName(collection)) {
      return { ok: false, reason: 'not-movable' };
    }
    const doc = await (await anyCollection(db, collection)).findOne(id).exec();
    if (doc === null) {
      return { ok: false, reason: 'not-found' };
    }
    if (typeof doc.get('siteId') !== 'string') {
      return { ok: false, reason: 'not-movable' };
    }
    const site = await db.collections.sites.findOne(siteId).exec();
    if (site === null) {
      return { ok: false, reason: 'site-unknown' };
    }
    const region = options.region();
    if (region === null || !site.divisionCode.startsWith(region)) {
      return { ok: false, reason: 'outside-region' };
    }
    const patch: Record<string, unknown> = { siteId: site.id, divisionCode: site.divisionCode };
    const current = doc.toJSON() as Record<string, unknown>;
    if ('siteKind' in current) {
      patch['siteKind'] = site.kind;
    }
    if ('siteCode' in current) {
      patch['siteCode'] = site.code;
    }
    // Released first: the replication sees the changed record and may push it before we do.
    refusals.release(collection, id);
    const moved = await doc.incrementalPatch(patch);
    await options.send(collection, [moved.toJSON()]);
    return { ok: true };
  }

  async function exportFile(
    list: readonly Refusal[],
    render: (refusal: Refusal) => { readonly reason: string; readonly advice: string },
    who: { readonly username: string; readonly region: string } | null,
    deviceId: string | null,
  ): Promise<RefusalExport> {
    const records: RefusalExport['records'][number][] = [];
    for (const refusal of list) {
      const doc = await (await anyCollection(db, refusal.collection)).findOne(refusal.id).exec();
      const text = render(refusal);
      records.push({
        collection: refusal.collection,
        id: refusal.id,
        code: refusal.code,
        reason: text.reason,
        advice: text.advice,
        serviceMessage: refusal.message,
        firstRefusedAt: new Date(refusal.firstRefusedAt).toISOString(),
        refusedAt: new Date(refusal.refusedAt).toISOString(),
        times: refusal.times,
        record: doc === null ? null : wireDoc(doc.toJSON()),
      });
    }
    for (const name of new Set(list.map((r) => r.collection))) {
      refusals.markExported(
        name,
        list.filter((r) => r.collection === name).map((r) => r.id),
      );
    }
    return {
      kind: 'wrm-field refused records',
      exportedAt: new Date(options.now()).toISOString(),
      account: who,
      deviceId,
      records,
    };
  }

  return { resend, move, siteChoices, exportFile };
}
