import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { collections, validateRecord } from '#shared/domain/index';
import v0Site from '#shared/domain/migrations/fixtures/sites-v0.doc.json';
import v0SiteSchema from '#shared/domain/migrations/fixtures/sites-v0.schema.json';
import {
  appRelease,
  createSyncClient,
  initialCheckpoint,
  versionHeaders,
  type HttpFetch,
  type SyncClient,
  type WireDocument,
} from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';

/** The shared client over Fastify's inject: the real headers the app sends, without a socket. */
function injectFetch(app: FastifyInstance): HttpFetch {
  return async (url, init) => {
    const response = await app.inject({
      method: init.method as 'GET' | 'POST',
      url: new URL(url).pathname + new URL(url).search,
      headers: init.headers,
      ...(init.body === undefined
        ? {}
        : { payload: typeof init.body === 'string' ? init.body : Buffer.from(init.body) }),
    });
    return {
      status: response.statusCode,
      headers: {
        get: (name: string) => (response.headers[name.toLowerCase()] as string | undefined) ?? null,
      },
      text: () => Promise.resolve(response.body),
    };
  };
}

describeOnEngines('versioned sync: apps of two schema versions and a minimum release', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let token: string;
  let older: SyncClient;
  let newer: SyncClient;
  const previousRelease = '0.0.9';

  beforeAll(async () => {
    const service = await testService(db(), { minAppVersion: previousRelease });
    app = service.app;
    dispose = () => service.dispose();
    token = (await enrolledDevice(db(), 'admin', '53')).token;
    const common = { baseUrl: 'http://service.test', fetch: injectFetch(app), token: () => token };
    // The previous release stored sites at version 0 (the frozen fixture of that schema).
    older = createSyncClient({ ...common, appVersion: previousRelease, schemaVersions: { sites: 0 } });
    newer = createSyncClient(common);
  });
  afterAll(async () => dispose());

  const pulled = async (client: SyncClient, id: string): Promise<WireDocument> => {
    const answer = await client.pull('sites', initialCheckpoint, 1000);
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const doc = answer.value.documents.find((d) => d.id === id);
    if (doc === undefined) {
      throw new Error(`${id} not pulled`);
    }
    return doc;
  };

  test('this build names its release as package.json does', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(appRelease).toBe(pkg.version);
  });

  test('a site from the previous release and edits from both releases keep every field', async () => {
    expect(collections.sites.version).toBeGreaterThan(0);
    // The frozen version-0 site, under an id of the kind the app makes.
    const v0 = { ...v0Site, id: randomUUID() };
    // The older app creates a site as its schema stores it: stored at the current version.
    const created = await older.push('sites', {
      rows: [{ assumedMasterState: null, newDocumentState: { ...v0, _deleted: false } }],
    });
    expect(created.ok ? created.value : created).toMatchObject({ accepted: [v0.id] });
    const current = await pulled(newer, v0.id);
    const { _deleted, ...record } = current;
    expect(validateRecord(collections.sites, record).ok).toBe(true);
    expect(current).toMatchObject({ name: v0.name, allowedDelayMinutes: null });

    // The newer app sets a field the older one has never heard of.
    const tuned = { ...current, allowedDelayMinutes: 45 };
    const set = await newer.push('sites', {
      rows: [{ assumedMasterState: current, newDocumentState: tuned }],
    });
    expect(set.ok && set.value.accepted).toEqual([v0.id]);

    // The older app receives the site in its own schema: only the fields version 0 has.
    const seenByOlder = await pulled(older, v0.id);
    expect(Object.keys(seenByOlder).sort()).toEqual(
      [...Object.keys(v0SiteSchema.properties), '_deleted'].sort(),
    );
    // …renames it, and the newer field keeps the newer app's value.
    const renamed = { ...seenByOlder, name: '改名后的取水口' };
    const rename = await older.push('sites', {
      rows: [{ assumedMasterState: seenByOlder, newDocumentState: renamed }],
    });
    expect(rename.ok && rename.value).toMatchObject({ accepted: [v0.id], conflicts: [], rejected: [] });
    expect(await pulled(newer, v0.id)).toMatchObject({ name: '改名后的取水口', allowedDelayMinutes: 45 });
  });

  test('an app below the minimum release is answered update-required and nothing is stored', async () => {
    const tooOld = createSyncClient({
      baseUrl: 'http://service.test',
      fetch: injectFetch(app),
      token: () => token,
      appVersion: '0.0.8',
      schemaVersions: { sites: 0 },
    });
    const tooOldId = randomUUID();
    const site = { ...v0Site, id: tooOldId, code: '5303810999', _deleted: false };
    const refused = await tooOld.push('sites', {
      rows: [{ assumedMasterState: null, newDocumentState: site }],
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'update-required' },
      details: [{ reason: 'app-too-old', appVersion: '0.0.8', minAppVersion: previousRelease }],
    });
    expect(await tooOld.pull('sites', initialCheckpoint, 10)).toMatchObject({
      ok: false,
      error: { code: 'update-required' },
    });
    // An app from before version headers names no release: older than any minimum.
    const bare = await app.inject({ url: '/v1/sync/sites/pull?tx=0&seq=0', headers: bearer(token) });
    expect(bare.statusCode).toBe(426);
    expect(bare.json()).toMatchObject({
      error: { code: 'update-required', details: [{ reason: 'app-too-old', appVersion: null }] },
    });
    const { rows } = await db().query(`select id from records where id = $1`, [tooOldId]);
    expect(rows).toEqual([]);
  });

  test('a schema newer than the service knows is refused as a whole, by name, not row by row', async () => {
    const ahead = await app.inject({
      method: 'POST',
      url: '/v1/sync/sites/push',
      headers: {
        ...bearer(token),
        [versionHeaders.app]: '9.0.0',
        [versionHeaders.schema]: String(collections.sites.version + 1),
      },
      payload: {
        rows: [
          { assumedMasterState: null, newDocumentState: { ...v0Site, id: randomUUID(), _deleted: false } },
        ],
      },
    });
    expect(ahead.statusCode).toBe(426);
    expect(ahead.json()).toMatchObject({
      error: { code: 'update-required', details: [{ reason: 'schema-too-new' }] },
    });
  });
});
