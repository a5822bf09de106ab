import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document (`/docs/json`) and its browser view (`/docs`), generated from the routes'
 * schemas. Bodies are validated by the shared zod schemas in the handlers, not by these copies.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'wrm-field sync service',
        description:
          'The provincial platform side of wrm-field: device enrolment, RxDB replication (pull, push, live stream) per collection, photos, registry import, reporting counts, automatic tasks, review list and monthly reports. Errors are `{ error: { code, message } }`.',
        version,
      },
      components: {
        securitySchemes: {
          deviceToken: { type: 'http', scheme: 'bearer', description: 'device token (wrmd_…)' },
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
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
