import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCollectionName } from '#shared/domain/index';
import {
  SyncError,
  automationRequestSchema,
  monthlyReportQuerySchema,
  platformPaths,
  recordsQuerySchema,
  reportCountsRequestSchema,
} from '#shared/sync/index';
import { audit, type Principal } from '../auth/accounts';
import { scoped } from '../db/scoped';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { runAutomation } from '../platform/automation';
import { monthlyReport, monthlyReportXlsx } from '../platform/monthly-report';
import { importRegistry, readRegistryFile, type AdminActor } from '../platform/registry-import';
import { countRowsFromTable, ingestReportCounts } from '../platform/report-counts';
import { parseCsv } from '../platform/tabular';
import { readRecords } from '../sync/platform-writes';

export const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileLimit = 20 * 1024 * 1024;

export function fileBody(request: FastifyRequest): { bytes: Uint8Array; format: 'csv' | 'xlsx' } {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type === xlsxMime && request.body instanceof Uint8Array) {
    return { bytes: request.body, format: 'xlsx' };
  }
  if (type === 'text/csv' && typeof request.body === 'string') {
    return { bytes: new TextEncoder().encode(request.body), format: 'csv' };
  }
  throw new SyncError('invalid-body', `send the file as text/csv or ${xlsxMime}`);
}

const actorOf = (admin: Principal): AdminActor => ({ actor: admin.username, scope: admin.scope });

/** The platform's side: registry import, reporting counts, automatic tasks, reports, record reads. */
export function registerPlatformRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: fileLimit }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser(xlsxMime, { parseAs: 'buffer', bodyLimit: fileLimit }, (_req, body, done) =>
    done(null, body),
  );

  /** Automatic tasks and fault verification within the admin's region, in the audit log. */
  const automationIn = async (admin: Principal, now: number) => {
    const report = await runAutomation(ctx.db, now, admin.scope);
    await audit(ctx.db, ctx.now(), admin.username, 'automation.run', null, { scope: admin.scope, ...report });
    return report;
  };

  const afterPlatformWrite = () => {
    for (const collection of [
      'sites',
      'water_users',
      'permits',
      'site_health',
      'tasks',
      'fault_events',
    ] as const) {
      ctx.notifier.changed({ collection, divisions: ['all'] });
    }
  };

  app.post(
    platformPaths.registryImport,
    {
      bodyLimit: fileLimit,
      schema: {
        tags: ['platform'],
        summary:
          'Import the site registry (一省一册) from CSV or XLSX (template in resources/); all rows or none (admin)',
        consumes: ['text/csv', xlsxMime],
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const file = fileBody(request);
      const report = await importRegistry(
        ctx.db,
        await readRegistryFile(file.bytes, file.format),
        ctx.now(),
        actorOf(admin),
      );
      afterPlatformWrite();
      return report;
    },
  );

  app.post(
    platformPaths.reportCounts,
    {
      bodyLimit: fileLimit,
      schema: {
        tags: ['platform'],
        summary:
          "Ingest the platform's reporting counts per site and day (JSON { rows } or CSV) into site health (admin)",
        consumes: ['application/json', 'text/csv'],
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      let rows: unknown[];
      if (typeof request.body === 'string') {
        const table = countRowsFromTable(parseCsv(request.body));
        if (table.problems.length > 0) {
          throw new SyncError(
            'import-invalid',
            'the reporting-count CSV lacks required columns',
            table.problems,
          );
        }
        rows = table.rows;
      } else {
        rows = parseWith(reportCountsRequestSchema, request.body, 'the reporting counts').rows;
      }
      const report = await ingestReportCounts(ctx.db, rows, ctx.now(), actorOf(admin));
      const automation = await automationIn(admin, ctx.now());
      afterPlatformWrite();
      return { ...report, automation };
    },
  );

  app.post(
    platformPaths.automation,
    { schema: { tags: ['platform'], summary: 'Run the automatic tasks and fault verification now (admin)' } },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const body = parseWith(automationRequestSchema, request.body ?? {}, 'the automation request');
      const report = await automationIn(admin, body.now ?? ctx.now());
      afterPlatformWrite();
      return report;
    },
  );

  const reportOf = async (request: FastifyRequest) => {
    const p = await principalOf(ctx, request);
    const query = parseWith(monthlyReportQuerySchema, request.query, 'the report query');
    if (!query.region.startsWith(p.scope)) {
      throw new SyncError('forbidden', `region ${query.region} is outside your region ${p.scope}`);
    }
    return { query, report: await monthlyReport(ctx.db, query.region, query.month, ctx.now()) };
  };

  app.get(
    platformPaths.monthlyReport,
    { schema: { tags: ['platform'], summary: 'Monthly report data of a region (?region=&month=YYYY-MM)' } },
    async (request) => (await reportOf(request)).report,
  );

  app.get(
    platformPaths.monthlyReportXlsx,
    {
      schema: { tags: ['platform'], summary: '月报 (kind=monthly) or 整改反馈 (kind=rectification) as XLSX' },
    },
    async (request, reply) => {
      const { query, report } = await reportOf(request);
      const kind = query.kind ?? 'monthly';
      const bytes = await monthlyReportXlsx(report, kind);
      return reply
        .type(xlsxMime)
        .header('content-disposition', `attachment; filename="${kind}-${query.region}-${query.month}.xlsx"`)
        .send(bytes);
    },
  );

  app.get(
    platformPaths.records(':collection'),
    {
      schema: {
        tags: ['platform'],
        summary: 'Read records of a collection in your region (newest first; ?siteId=&limit=)',
      },
    },
    async (request) => {
      const p = await principalOf(ctx, request);
      const { collection } = request.params as { collection: string };
      if (!isCollectionName(collection)) {
        throw new SyncError('not-found', `no collection ${collection}`);
      }
      const query = parseWith(recordsQuerySchema, request.query, 'the records query');
      const records = await scoped(ctx.db, p.scope, (tx) =>
        readRecords(tx, collection, {
          ...(query.siteId ? { siteId: query.siteId } : {}),
          limit: query.limit,
        }),
      );
      return { records };
    },
  );
}
