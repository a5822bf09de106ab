import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { collections } from '#shared/domain/index';
import { sampleRecords } from '#shared/domain/fixtures';
import { pullCountsSchema, pullResponseSchema, type PullResponse } from '#shared/sync/index';
import { scoped } from '../db/scoped';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';
import { upsertRecords } from './platform-writes';
import { pullBatch } from './pull';

// A first pull in large pages, answered as the database's JSON text: the same records, flags and
// checkpoints as the parsed answer, and the region scope still holds.
describeOnEngines('pull pages of up to 5,000 records', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let county: string;
  let other: string;
  const inCounty = 1_200;
  const now = 1_764_000_000_000;

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    const site = sampleRecords.sites as Record<string, unknown>;
    const sites = Array.from({ length: inCounty }, (_, i) => ({
      ...site,
      id: `site-p${i}`,
      code: `5303810${String(i).padStart(3, '0')}`,
      name: `示例站 ${i} "引号" \\ 反斜杠`,
    }));
    const elsewhere = Array.from({ length: 24 }, (_, i) => ({
      ...site,
      id: `site-bj${i}`,
      code: `1101010${String(i).padStart(3, '0')}`,
      divisionCode: '110101',
    }));
    // Interleaved in write order, so a page has to skip the other region's rows, not stop at them.
    await scoped(db(), 'all', async (tx) => {
      for (let i = 0; i < inCounty; i += 100) {
        await upsertRecords(tx, 'sites', sites.slice(i, i + 100), now);
        await upsertRecords(tx, 'sites', elsewhere.slice(i / 50, i / 50 + 2), now);
      }
    });
    await scoped(db(), 'all', (tx) =>
      tx.query(`update records set deleted = true where collection = 'sites' and id = 'site-p7'`),
    );
    county = (await enrolledDevice(db(), 'technician', '530381', now)).token;
    other = (await enrolledDevice(db(), 'technician', '110101', now)).token;
  });
  afterAll(async () => dispose());

  const pull = (token: string, query: string) =>
    app.inject({ url: `/v1/sync/sites/pull?${query}`, headers: bearer(token) });

  test('one page of 5,000 holds the whole county, nothing of another region, and parses as the wire says', async () => {
    const r = await pull(county, 'tx=0&seq=0&limit=5000');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = pullResponseSchema.parse(r.json());
    expect(body.documents).toHaveLength(inCounty);
    expect(body.documents.every((d) => String(d['divisionCode']).startsWith('530381'))).toBe(true);
    expect(body.documents.filter((d) => d._deleted).map((d) => d.id)).toEqual(['site-p7']);
    expect(body.documents[3]?.['name']).toBe('示例站 3 "引号" \\ 反斜杠');
    // Nothing newer: the same checkpoint back, no documents.
    const after = pullResponseSchema.parse(
      (await pull(county, `tx=0&seq=${body.checkpoint.seq}&limit=5000`)).json(),
    );
    expect(after).toEqual({ documents: [], checkpoint: body.checkpoint });
    const bj = pullResponseSchema.parse((await pull(other, 'tx=0&seq=0&limit=5000')).json());
    expect(bj.documents.map((d) => d.id).sort()).toEqual(
      Array.from({ length: 24 }, (_, i) => `site-bj${i}`).sort(),
    );
  });

  test('the text answer equals the parsed one, page by page, at every page size', async () => {
    for (const limit of [1, 7, 500, 1000]) {
      let checkpoint = { tx: '0', seq: 0 };
      let pages = 0;
      for (;;) {
        const r = await pull(county, `tx=0&seq=${checkpoint.seq}&limit=${limit}`);
        const text = r.json<PullResponse>();
        const parsed = await pullBatch(db(), '530381', 'sites', checkpoint, limit);
        expect(text).toEqual(JSON.parse(JSON.stringify(parsed)));
        pages += 1;
        if (text.documents.length < limit || pages > 20) {
          break;
        }
        checkpoint = text.checkpoint;
      }
      expect(pages).toBeGreaterThan(limit >= 1000 ? 1 : limit === 500 ? 2 : 20);
    }
  });

  test('a page larger than 5,000 is refused by name; an old client asking for 500 is answered as before', async () => {
    const big = await pull(county, 'tx=0&seq=0&limit=5001');
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ error: { code: 'invalid-body' } });
    const old = pullResponseSchema.parse((await pull(county, 'tx=0&seq=0')).json());
    expect(old.documents).toHaveLength(500);
  });

  test('the counts say what each region will store (deleted records not counted)', async () => {
    const r = await app.inject({ url: '/v1/sync/counts', headers: bearer(county) });
    expect(r.statusCode).toBe(200);
    expect(pullCountsSchema.parse(r.json()).counts['sites']).toBe(inCounty - 1);
    const bj = pullCountsSchema.parse(
      (await app.inject({ url: '/v1/sync/counts', headers: bearer(other) })).json(),
    );
    expect(bj.counts['sites']).toBe(24);
    expect(Object.keys(bj.counts).every((name) => name in collections)).toBe(true);
    const none = await app.inject({ url: '/v1/sync/counts' });
    expect(none.statusCode).toBe(401);
  });
});
