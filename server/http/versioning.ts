import type { FastifyRequest } from 'fastify';
import { collections, migrateDocument, type CollectionName } from '#shared/domain/index';
import { migrateDocumentDown } from '#shared/domain/migrations/down';
import {
  SyncError,
  compareAppVersions,
  versionHeaders,
  versionHeadersSchema,
  type PushRow,
  type UpdateRequiredDetails,
  type WireDocument,
} from '#shared/sync/index';
import { parseWith } from './errors';

/**
 * What a sync request says about its app: the release (null for apps before versioning) and the
 * schema version its documents of this collection are in. The service converts between that version
 * and its own with the shared frozen migrations, so an app one release behind or ahead of the others
 * syncs the same records.
 */
export type RequestVersions = { readonly app: string | null; readonly schema: number };

function updateRequired(message: string, details: UpdateRequiredDetails): SyncError {
  return new SyncError('update-required', message, [details]);
}

/**
 * Reads the version headers and refuses, with `update-required` and its reason, an app older than the
 * province's minimum (an app that names no release counts as older when a minimum is set) or a schema
 * version newer than this service knows. Without headers the app is taken to store the current schema.
 */
export function requestVersions(
  request: FastifyRequest,
  collection: CollectionName,
  minAppVersion: string | null,
): RequestVersions {
  const headers = parseWith(versionHeadersSchema, request.headers, 'the version headers');
  const app = headers[versionHeaders.app] ?? null;
  const current = collections[collection].version;
  const schema = headers[versionHeaders.schema] ?? current;
  if (minAppVersion !== null && (app === null || compareAppVersions(app, minAppVersion) < 0)) {
    throw updateRequired(
      `this app (${app ?? 'a release before 0.1.0'}) is older than the oldest release the province accepts (${minAppVersion}); update it to sync`,
      { reason: 'app-too-old', appVersion: app, minAppVersion },
    );
  }
  if (schema > current) {
    throw updateRequired(
      `this app stores ${collection} at schema version ${schema}; this service knows versions up to ${current} — the service must be updated first`,
      { reason: 'schema-too-new', appVersion: app, minAppVersion },
    );
  }
  return { app, schema };
}

function withDeletedFlag(doc: Record<string, unknown> | null, deleted: boolean): WireDocument | null {
  return doc === null ? null : ({ ...doc, _deleted: deleted } as WireDocument);
}

function upgrade(collection: CollectionName, doc: WireDocument, from: number): WireDocument {
  const { _deleted: deleted, ...record } = doc;
  const migrated = migrateDocument(collection, record, from, collections[collection].version);
  if (migrated === null) {
    // A step that drops a document (none does today) leaves it as sent: the row is judged, and
    // refused by name, as it stands; the laptop keeps it.
    return doc;
  }
  return withDeletedFlag(migrated, deleted) ?? doc;
}

/**
 * Push rows of an older app brought up to the service's schema version, each row on its own. A field
 * the older app does not know gets the step's default in both the assumed and the new state, so the
 * push's field-by-field merge sees it unchanged and keeps the service's value.
 */
export function upgradeRows(collection: CollectionName, rows: readonly PushRow[], from: number): PushRow[] {
  if (from === collections[collection].version) {
    return [...rows];
  }
  return rows.map((row) => ({
    assumedMasterState:
      row.assumedMasterState === null ? null : upgrade(collection, row.assumedMasterState, from),
    newDocumentState: upgrade(collection, row.newDocumentState, from),
  }));
}

/**
 * Documents taken down to an older app's schema version. One that the older version cannot hold
 * honestly (a withdrawal, a new event type) is never left out silently, which would move the
 * checkpoint past it for good: the request is answered `update-required` instead.
 */
export function downgradeDocuments(
  collection: CollectionName,
  documents: readonly WireDocument[],
  to: number,
  app: string | null,
): readonly WireDocument[] {
  const current = collections[collection].version;
  if (to === current) {
    return documents;
  }
  return documents.map((doc) => {
    const { _deleted: deleted, ...record } = doc;
    const older = withDeletedFlag(migrateDocumentDown(collection, record, current, to), deleted);
    if (older === null) {
      throw updateRequired(
        `${collection} ${doc.id} cannot be shown by an app that stores schema version ${to}; update the app to receive it`,
        { reason: 'schema-too-old', appVersion: app, minAppVersion: null },
      );
    }
    return older;
  });
}
