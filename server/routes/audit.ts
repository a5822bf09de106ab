import type { FastifyInstance } from 'fastify';
import { auditEventsPushSchema, auditPaths, auditPullQuerySchema } from '#shared/sync/audit-wire';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { pullAuditRecords, pushAuditFindingEvents } from '../sync/audit-events';

/** Every field role works on findings, each within its own region. */
const roles = ['technician', 'supervisor', 'admin'] as const;

/**
 * Data-audit findings for laptops (issue 16 items 3 and 5): the region's findings and handling events
 * in pages after a checkpoint, and a crew's handling events pushed (region, finding and type checked
 * per row: server/sync/audit-events.ts).
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  for (const [path, collection, what] of [
    [auditPaths.findings, 'audit_findings', "your region's data-audit findings"],
    [auditPaths.events, 'audit_finding_events', 'the handling events of those findings'],
  ] as const) {
    app.get(
      path,
      {
        schema: {
          tags: ['sync'],
          summary: `Pull ${what} written after a checkpoint, in write order (?after=&limit=)`,
        },
      },
      async (request, reply) => {
        const p = await principalOf(ctx, request, roles);
        const query = parseWith(auditPullQuerySchema, request.query, 'the audit pull query');
        void reply.header('cache-control', 'no-store');
        return pullAuditRecords(ctx.db, p.scope, collection, query.after, query.limit);
      },
    );
  }
  app.post(
    auditPaths.events,
    {
      schema: {
        tags: ['sync'],
        summary:
          "Push handling events (cause recorded, corrected, dismissed) of your region's findings; closed is the platform's",
      },
    },
    async (request) => {
      const p = await principalOf(ctx, request, roles);
      const body = parseWith(auditEventsPushSchema, request.body, 'the audit events push');
      return pushAuditFindingEvents(ctx.db, p, body.rows, ctx.now());
    },
  );
}
