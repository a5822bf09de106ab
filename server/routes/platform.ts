import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../http/context';

/** Registry import, reporting counts, automatic tasks, monthly reports, record reads. */
export function registerPlatformRoutes(_app: FastifyInstance, _ctx: ServiceContext): void {}
