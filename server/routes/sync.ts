import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/accounts';
import { collections, isCollectionName, type CollectionName } from '#shared/domain/index';
import {
  SyncError,
  pullQuerySchema,
  pushBodyMaxBytes,
  pushRequestSchema,
  syncPaths,
  versionHeaders,
  type StreamEvent,
} from '#shared/sync/index';
import type { ServiceContext } from '../http/context';
import { principalOf } from '../http/context';
import { parseWith } from '../http/errors';
import { downgradeDocuments, requestVersions, upgradeRows, type RequestVersions } from '../http/versioning';
import { pullBatch, pullBatchText, regionCounts } from '../sync/pull';
import { applyPush } from '../sync/push';
import { ingestBackfillSessions } from '../monitoring/backfill';

function collectionParam(value: unknown): CollectionName {
  if (!isCollectionName(value)) {
    throw new SyncError('not-found', `no collection ${String(value)}`);
  }
  return value;
}

/** The RxDB replication protocol: pull by checkpoint, push with assumed master state, live stream. */
export function registerSyncRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const pushers = new WeakMap<FastifyRequest, { principal: Principal; versions: RequestVersions }>();
  app.get(
    syncPaths.pull(':collection'),
    {
      schema: {
        tags: ['sync'],
        summary: 'Pull a batch of a collection after a checkpoint (records of your region, in write order)',
        params: { type: 'object', properties: { collection: { type: 'string' } } },
        querystring: {
          type: 'object',
          properties: { tx: { type: 'string' }, seq: { type: 'integer' }, limit: { type: 'integer' } },
          required: ['tx', 'seq'],
        },
      },
    },
    async (request, reply) => {
      const principal = await principalOf(ctx, request);
      const collection = collectionParam((request.params as { collection: string }).collection);
      const versions = requestVersions(request, collection, ctx.minAppVersion);
      const query = parseWith(pullQuerySchema, request.query, 'the pull query');
      const checkpoint = { tx: query.tx, seq: query.seq };
      void reply.header(versionHeaders.schema, String(versions.schema));
      if (versions.schema === collections[collection].version) {
        // The device stores what the service stores: the records go out as the database's text.
        const { json } = await pullBatchText(ctx.db, principal.scope, collection, checkpoint, query.limit);
        return reply.type('application/json; charset=utf-8').send(json);
      }
      const batch = await pullBatch(ctx.db, principal.scope, collection, checkpoint, query.limit);
      return {
        ...batch,
        documents: downgradeDocuments(collection, batch.documents, versions.schema, versions.app),
      };
    },
  );

  app.get(
    syncPaths.counts,
    {
      schema: {
        tags: ['sync'],
        summary:
          'How many live records of each collection your region holds (a first pull shows its progress)',
      },
    },
    async (request) => {
      const principal = await principalOf(ctx, request);
      return regionCounts(ctx.db, principal.scope);
    },
  );

  app.post(
    syncPaths.push(':collection'),
    {
      // The body is read only once the push has its turn (see write-gate.ts); the turn ends when the
      // answer is sent or the connection is gone, whichever comes first (ending it twice does nothing).
      preParsing: async (request, reply, payload) => {
        // Only a known device of a release the province accepts may wait for a turn or hold one.
        const principal = await principalOf(ctx, request);
        const collection = collectionParam((request.params as { collection: string }).collection);
        pushers.set(request, {
          principal,
          versions: requestVersions(request, collection, ctx.minAppVersion),
        });
        const leave = await ctx.writes.enter();
        if (reply.raw.closed) {
          // The laptop went away while it waited: its turn passes on at once.
          leave();
          throw new SyncError('unavailable', 'the connection closed before the push had its turn');
        }
        reply.raw.once('finish', leave);
        reply.raw.once('close', leave);
        return payload;
      },
      bodyLimit: pushBodyMaxBytes,
      schema: {
        tags: ['sync'],
        summary:
          'Push rows (assumed master state + new state); answers accepted ids, conflicts and rejections',
        params: { type: 'object', properties: { collection: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const collection = collectionParam((request.params as { collection: string }).collection);
      const { principal, versions } = pushers.get(request) ?? {
        principal: await principalOf(ctx, request),
        versions: requestVersions(request, collection, ctx.minAppVersion),
      };
      const body = parseWith(pushRequestSchema, request.body, 'the push body');
      const result = await applyPush(
        { db: ctx.db, principal, collection, now: ctx.now(), hooks: ctx.hooks },
        upgradeRows(collection, body.rows, versions.schema),
      );
      ctx.notifier.changed({ collection, divisions: result.divisions });
      await ctx.hooks.afterCommit?.(collection);
      if (collection === 'diagnostic_sessions' && result.accepted.length > 0) {
        // 补报 batches: each part ingested once (values, counts, findings); a failure is retried by
        // the forwarder's sweep, the push itself is stored already.
        await ingestBackfillSessions(ctx.db, result.accepted, principal.scope, ctx.now()).catch(
          (error: unknown) => request.log.error({ err: error }, '补报 batch not ingested yet'),
        );
      }
      const { divisions: _divisions, ...response } = result;
      void reply.header(versionHeaders.schema, String(versions.schema));
      return {
        ...response,
        conflicts: downgradeDocuments(collection, response.conflicts, versions.schema, versions.app),
      };
    },
  );

  app.get(
    syncPaths.stream,
    { schema: { tags: ['sync'], summary: 'Server-sent events: which collections of your region changed' } },
    async (request, reply) => {
      const principal = await principalOf(ctx, request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...corsHeaders(request.headers.origin),
      });
      const send = (event: StreamEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
      send({ type: 'hello', at: ctx.now() });
      const offChange = ctx.notifier.onChange((notice) => {
        if (notice.divisions.some((d) => d === 'all' || d.startsWith(principal.scope))) {
          send({ type: 'change', collections: [notice.collection] });
        }
      });
      const close = () => {
        offChange();
        offRevoked();
        clearInterval(keepAlive);
        res.end();
      };
      const offRevoked = ctx.notifier.onRevoked((deviceId) => {
        if (deviceId === principal.deviceId) {
          close();
        }
      });
      // A comment every 15 s keeps proxies from closing an idle stream and reveals dead peers.
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      request.raw.on('close', close);
    },
  );
}

/** The stream bypasses Fastify's reply, so it sets the CORS headers the rest get from the hook. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin === undefined ? {} : { 'access-control-allow-origin': origin, vary: 'origin' };
}
