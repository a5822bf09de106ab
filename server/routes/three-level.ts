import type { FastifyInstance } from 'fastify';
import { platformPaths } from '#shared/sync/index';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { readRegistryFile } from '../platform/registry-import';
import { threeLevelCheck, threeLevelQuerySchema } from '../platform/three-level';
import { fileBody, xlsxMime } from './platform';

const fileLimit = 20 * 1024 * 1024;

/**
 * 三级贯通: an admin sends the ministry's counts-per-site-and-day file (CSV or XLSX) and gets the
 * differences from what the province holds, in its region (or a region within it, `?region=`).
 */
export function registerThreeLevelRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.post(
    platformPaths.threeLevel,
    {
      bodyLimit: fileLimit,
      schema: {
        tags: ['platform'],
        summary:
          "三级贯通: the ministry's report counts per site and day (CSV or XLSX: siteCode,day,count) against the province's — 漏发 and 错发 (admin)",
        consumes: ['text/csv', xlsxMime],
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const query = parseWith(threeLevelQuerySchema, request.query, 'the three-level query');
      const file = fileBody(request);
      return threeLevelCheck(
        ctx.db,
        await readRegistryFile(file.bytes, file.format),
        query,
        { actor: admin.username, scope: admin.scope },
        ctx.now(),
      );
    },
  );
}
