import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { errorCodeTable } from './openapi-schemas';
import { routeDocFor } from './route-docs';

/**
 * The OpenAPI document (`/docs/json`) and its browser view (`/docs`), generated from the routes'
 * docs (route-docs.ts): bodies, answers and error codes from the same zod schemas the handlers parse with.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  // Each route's bodies, answers and error codes, from the zod schemas its handler parses with.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const doc = methods.map((m) => routeDocFor(m, route.url)).find((d) => d !== null);
    if (doc) {
      // A route that names its own security (the metrics token) keeps it.
      const own = route.schema?.security;
      route.schema = { ...route.schema, ...doc, ...(own === undefined ? {} : { security: own }) };
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'wrm-field sync service',
        description:
          'The provincial platform side of wrm-field: device enrolment, RxDB replication (pull, push, live stream) per collection, photos, registry import, reporting counts, automatic tasks, review list and monthly reports. Errors are `{ error: { code, message, details? } }` with a code from this closed list:\n\n' +
          errorCodeTable(),
        version,
      },
      components: {
        securitySchemes: {
          deviceToken: { type: 'http', scheme: 'bearer', description: 'device token (wrmd_…)' },
          metricsToken: { type: 'http', scheme: 'bearer', description: "the operator's metrics token" },
        },
      },
      security: [{ deviceToken: [] }],
      tags: [
        { name: 'auth', description: 'enrolment and login' },
        { name: 'sync', description: 'RxDB replication protocol' },
        { name: 'photos', description: 'chunked, resumable, content-addressed photo upload' },
        { name: 'review', description: 'overlapping offline edits for a supervisor' },
        { name: 'platform', description: 'registry import, reporting counts, automatic tasks, reports' },
        { name: 'admin', description: 'accounts and devices' },
        { name: 'console', description: "the operator console's devices, accounts and audit log" },
        { name: 'operations', description: 'liveness, readiness and metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
