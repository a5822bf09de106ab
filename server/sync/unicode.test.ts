import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

/** Text PostgreSQL cannot keep as it was sent: NUL, and a UTF-16 surrogate without its partner. */
function hasUnstorableText(text: string): boolean {
  return (
    text.includes('\u0000') ||
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)
  );
}

// Any code unit, with NUL and lone surrogates drawn often enough that most batches hold some.
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\ude00') },
    { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 24,
});

describeOnEngines('pushed text of any Unicode', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let token: string;
  let run = 0;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db());
    token = (await enrolledDevice(db(), 'technician', '530381')).token;
  });
  afterAll(async () => dispose());

  const push = (collection: string, docs: Record<string, unknown>[]) =>
    app.inject({
      method: 'POST',
      url: `/v1/sync/${collection}/push`,
      headers: bearer(token),
      payload: {
        rows: docs.map((d) => ({ assumedMasterState: null, newDocumentState: { ...d, _deleted: false } })),
      },
    });

  test('a note with NUL or a lone surrogate is refused alone, by name; the rest of the batch is stored', async () => {
    const response = await push('readings', [
      sample('readings', { id: testId('uni-ok'), note: '水表读数正常 ✓ 🚰' }),
      sample('readings', { id: testId('uni-nul'), note: 'before\u0000after' }),
      sample('readings', { id: testId('uni-lone'), note: 'half \ud83d of a pair' }),
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json<PushResponse>();
    expect(body.accepted).toEqual([testId('uni-ok')]);
    expect(body.rejected.map((r) => [r.id, r.code])).toEqual([
      [testId('uni-nul'), 'unstorable-text'],
      [testId('uni-lone'), 'unstorable-text'],
    ]);
    expect(body.rejected[0]?.message).toMatch(/note/);
    const { rows } = await db().query<{ id: string; note: string }>(
      `select id, doc ->> 'note' as note from records where collection = 'readings' and id = any($1::text[])`,
      [[testId('uni-ok'), testId('uni-nul'), testId('uni-lone')]],
    );
    expect(rows).toEqual([{ id: testId('uni-ok'), note: '水表读数正常 ✓ 🚰' }]);
  });

  test('random Unicode: every row is stored exactly as sent or refused by name, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 4 }), async (notes) => {
        run += 1;
        const docs = notes.map((note, i) => sample('readings', { id: testId(`prop-${run}-${i}`), note }));
        const response = await push('readings', docs);
        expect(response.statusCode).toBe(200);
        const body = response.json<PushResponse>();
        const refused = new Map(body.rejected.map((r) => [r.id, r.code]));
        const { rows } = await db().query<{ id: string; doc: { note: string } }>(
          `select id, doc from records where collection = 'readings' and id = any($1::text[])`,
          [docs.map((d) => d['id'])],
        );
        const stored = new Map(rows.map((r) => [r.id, r.doc.note]));
        notes.forEach((note, i) => {
          const id = testId(`prop-${run}-${i}`);
          if (hasUnstorableText(note)) {
            expect(refused.get(id)).toBe('unstorable-text');
            expect(stored.has(id)).toBe(false);
          } else {
            expect(body.accepted).toContain(id);
            expect(stored.get(id)).toBe(note);
          }
        });
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  test('a reference edit with unstorable text is refused alone too', async () => {
    const response = await push('sites', [sample('sites', { id: 'site-1', name: 'bad\u0000name' })]);
    expect(response.statusCode).toBe(200);
    expect(response.json<PushResponse>().rejected).toMatchObject([{ id: 'site-1', code: 'unstorable-text' }]);
  });
});
