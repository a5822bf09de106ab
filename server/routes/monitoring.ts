import type { FastifyInstance } from 'fastify';
import { daySummariesQuerySchema, monitoringPaths, seriesQuerySchema } from '#shared/monitoring/series-wire';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { readDaySummaries, readSeries } from '../monitoring/series';

/** Field roles that read monitoring data: every role, each within its own region. */
const readers = ['technician', 'supervisor', 'admin'] as const;

/**
 * Monitoring data for laptops (issue 16 item 5): a site's raw series on demand (the chart, and the
 * offline cache of the sites on the crew's route) and the region's day summaries since a moment.
 * Both answer only within the caller's region; a site of another region is answered as unknown.
 */
export function registerMonitoringRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    monitoringPaths.series,
    {
      schema: {
        tags: ['sync'],
        summary:
          "One element's stored values of a site in your region, each device time with its source and any 补报 beside the original (?site=&element=&from=&to=, ISO 8601 with offset, at most 93 days)",
      },
    },
    async (request, reply) => {
      const p = await principalOf(ctx, request, readers);
      const query = parseWith(seriesQuerySchema, request.query, 'the series query');
      void reply.header('cache-control', 'no-store');
      return readSeries(
        ctx.db,
        {
          siteCode: query.site,
          element: query.element,
          from: Date.parse(query.from),
          to: Date.parse(query.to),
        },
        p.scope,
      );
    },
  );

  app.get(
    monitoringPaths.daySummaries,
    {
      schema: {
        tags: ['sync'],
        summary:
          "Day summaries (31 days, every element) of your region's sites derived since a moment, in pages (?since=&after=&limit=)",
      },
    },
    async (request, reply) => {
      const p = await principalOf(ctx, request, readers);
      const query = parseWith(daySummariesQuerySchema, request.query, 'the day summaries query');
      void reply.header('cache-control', 'no-store');
      return readDaySummaries(ctx.db, query, p.scope);
    },
  );
}
