import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, syncErrorCodes } from '#shared/sync/index';
import type { TestDatabase } from '../testing/test-databases';
import { createPgliteDatabase } from '../testing/test-databases';
import { enrolledDevice, sample, seedSites, testService } from '../testing/service';

type Operation = {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  requestBody?: unknown;
};
type Spec = { info: { description: string }; paths: Record<string, Record<string, Operation>> };

/** A typed client over the generated `paths`, as an integrator would write one. */
const clientSource = `
import type { paths } from './api';
type Push = paths['/v1/sync/{collection}/push']['post'];
type Pull = paths['/v1/sync/{collection}/pull']['get'];
export type PushBody = Push['requestBody'] extends { content: { 'application/json': infer B } } ? B : never;
export type PushOk = Push['responses'][200]['content']['application/json'];
export type PullQuery = Pull['parameters']['query'];
export type PullOk = Pull['responses'][200]['content']['application/json'];
export type Refusal = Push['responses'][400]['content']['application/json'];
type Collection = Push['parameters']['path']['collection'];

export function typedClient(base: string, token: string) {
  const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
  return {
    async push(collection: Collection, body: PushBody): Promise<{ status: number; body: PushOk | Refusal }> {
      const r = await fetch(base + '/v1/sync/' + collection + '/push', { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as PushOk | Refusal };
    },
    async pull(collection: Collection, query: PullQuery): Promise<PullOk> {
      const q = 'tx=' + query.tx + '&seq=' + String(query.seq) + '&limit=' + String(query.limit ?? 100);
      const r = await fetch(base + '/v1/sync/' + collection + '/pull?' + q, { headers });
      return (await r.json()) as PullOk;
    },
  };
}
`;

const goodUse = `
import { typedClient, type PushBody, type PullOk } from './client';
const body: PushBody = { rows: [{ assumedMasterState: null, newDocumentState: { id: 'x', _deleted: false, value: 1 } }] };
export async function use(): Promise<number> {
  const c = typedClient('http://h', 't');
  await c.push('readings', body);
  const page: PullOk = await c.pull('sites', { tx: '0', seq: 0 });
  return page.checkpoint.seq + page.documents.length;
}
`;

// Each must fail to compile: the generated types have teeth.
const badUses = [
  `import type { PushBody } from './client'; export const b: PushBody = { rows: 'none' };`,
  `import { typedClient } from './client'; export const p = typedClient('h', 't').pull('no-such-collection', { tx: '0', seq: 0 });`,
  `import type { PullOk } from './client'; export const n: string = ({} as PullOk).checkpoint.seq;`,
];

function diagnostics(dir: string, entry: string): string[] {
  const program = ts.createProgram([join(dir, entry)], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the OpenAPI document', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let spec: Spec;
  const dir = mkdtempSync(join(tmpdir(), 'wrm-openapi-'));

  beforeAll(async () => {
    database = await createPgliteDatabase();
    const service = await testService(database.db);
    app = service.app;
    dispose = () => service.dispose();
    spec = (await app.inject({ url: '/docs/json' })).json<Spec>();
  });
  afterAll(async () => {
    await dispose();
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is valid OpenAPI by an independent validator', async () => {
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeDefined();
  });

  it('documents an answer body and the error codes of every route, and lists every code', () => {
    const operations = Object.entries(spec.paths)
      .filter(([path]) => !path.startsWith('/docs'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(25);
    for (const { path, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      const success = statuses.find((s) => s.startsWith('2'));
      expect({ path, method, success }).toMatchObject({ success: expect.any(String) as string });
      expect({ path, method, content: op.responses[success!]?.content !== undefined }).toEqual({
        path,
        method,
        content: true,
      });
      expect({ path, method, errors: statuses.some((s) => s.startsWith('5')) }).toEqual({
        path,
        method,
        errors: true,
      });
    }
    const push = spec.paths['/v1/sync/{collection}/push']?.['post'];
    expect(push?.requestBody).toBeDefined();
    expect(Object.keys(push?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '426', '503']),
    );
    for (const code of syncErrorCodes) {
      expect(spec.info.description).toContain(`\`${code}\``);
    }
  });

  it('generates a typed client that compiles, refuses wrong calls, and syncs against the service', async () => {
    writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(structuredClone(spec) as never)));
    writeFileSync(join(dir, 'client.ts'), clientSource);
    writeFileSync(join(dir, 'use.ts'), goodUse);
    expect(diagnostics(dir, 'use.ts')).toEqual([]);
    badUses.forEach((source, i) => writeFileSync(join(dir, `bad-${i}.ts`), source));
    for (let i = 0; i < badUses.length; i += 1) {
      expect(diagnostics(dir, `bad-${i}.ts`).length, badUses[i]).toBeGreaterThan(0);
    }

    // The generated client, compiled, against the running service.
    const js = ts.transpileModule(clientSource, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(dir, 'client.mjs'), js);
    const { typedClient } = (await import(pathToFileURL(join(dir, 'client.mjs')).href)) as {
      typedClient: (
        base: string,
        token: string,
      ) => {
        push(c: string, body: unknown): Promise<{ status: number; body: unknown }>;
        pull(c: string, q: { tx: string; seq: number }): Promise<unknown>;
      };
    };
    await seedSites(database.db);
    const device = await enrolledDevice(database.db, 'technician', '530381');
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const client = typedClient(base, device.token);
    const record = sample('readings');
    const readingId = String(record['id']);
    const reading = { ...record, _deleted: false };
    const pushed = await client.push('readings', {
      rows: [{ assumedMasterState: null, newDocumentState: reading }],
    });
    expect(pushed.status).toBe(200);
    // The answers are what the document says they are.
    expect(pushResponseSchema.parse(pushed.body).accepted).toEqual([readingId]);
    const page = pullResponseSchema.parse(await client.pull('readings', { tx: '0', seq: 0 }));
    expect(page.documents.map((d) => d.id)).toContain(readingId);
    const refused = await client.push('readings', { rows: [] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid-body' } } });
  }, 120_000);
});
