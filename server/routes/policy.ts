import type { FastifyInstance } from 'fastify';
import { syncPaths } from '#shared/sync/index';
import { principalOf, type ServiceContext } from '../http/context';
import { getPolicy, setPolicy } from '../platform/policy';

/**
 * The province policy: every device and user reads it (laptops fetch it when they sync); a province's
 * admin replaces it. A changed policy reaches each laptop at its next fetch.
 */
export function registerPolicyRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    syncPaths.policy,
    {
      schema: {
        tags: ['sync'],
        summary: 'The province policy every verdict is judged with (thresholds, windows, targets)',
      },
    },
    async (request, reply) => {
      await principalOf(ctx, request);
      void reply.header('cache-control', 'no-store');
      return getPolicy(ctx.db);
    },
  );

  app.put(
    syncPaths.policy,
    {
      schema: {
        tags: ['admin'],
        summary:
          'Replace the province policy (an admin of the whole province); the service raises its version',
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      return setPolicy(ctx.db, request.body, { actor: admin.username, scope: admin.scope }, ctx.now());
    },
  );
}
