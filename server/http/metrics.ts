import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isCollectionName } from '#shared/domain/index';
import { syncPaths } from '#shared/sync/index';
import type { Database } from '../db/database';
import type { WriteGate } from './write-gate';

/**
 * The service's Prometheus metrics, in a registry of its own (two services in one process — tests,
 * the two-node suite — must not share counters). Names follow Prometheus conventions: seconds, `_total`.
 */
export function createServiceMetrics(sources: {
  readonly db: Database;
  readonly writes: WriteGate;
}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wrm_' });
  new Counter({
    name: 'wrm_http_requests_total',
    help: 'Requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  new Histogram({
    name: 'wrm_http_request_duration_seconds',
    help: 'Time to answer a request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  for (const kind of ['push', 'pull'] as const) {
    new Histogram({
      name: `wrm_sync_${kind}_duration_seconds`,
      help: `Time to answer a ${kind} (the push's wait for its turn included), by collection and status`,
      labelNames: ['collection', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }
  new Gauge({
    name: 'wrm_write_gate_working',
    help: 'Pushes being worked on now',
    registers: [registry],
    collect() {
      this.set(sources.writes.working());
    },
  });
  new Gauge({
    name: 'wrm_write_gate_waiting',
    help: 'Pushes waiting for a turn now',
    registers: [registry],
    collect() {
      this.set(sources.writes.waiting());
    },
  });
  new Gauge({
    name: 'wrm_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle) and requests waiting for one (PostgreSQL only)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const use = sources.db.pool?.();
      if (use !== undefined) {
        this.set({ state: 'total' }, use.total);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
      }
    },
  });
  return registry;
}

const registries = new WeakMap<FastifyInstance, Registry>();

/**
 * The metrics registry a service's /metrics answers from, so that parts started beside it (the
 * receiver) add their own series to the same page.
 */
export function serviceMetricsOf(app: FastifyInstance): Registry {
  const registry = registries.get(app);
  if (registry === undefined) {
    throw new Error('this Fastify instance is not a sync service with metrics');
  }
  return registry;
}

const pushRoute = syncPaths.push(':collection');
const pullRoute = syncPaths.pull(':collection');

/** Counts every answered request; times pushes and pulls per collection. */
export function recordRequestMetrics(app: FastifyInstance, registry: Registry): void {
  registries.set(app, registry);
  const requests = registry.getSingleMetric('wrm_http_requests_total') as Counter<
    'method' | 'route' | 'status'
  >;
  const durations = registry.getSingleMetric('wrm_http_request_duration_seconds') as Histogram<
    'method' | 'route'
  >;
  const push = registry.getSingleMetric('wrm_sync_push_duration_seconds') as Histogram<
    'collection' | 'status'
  >;
  const pull = registry.getSingleMetric('wrm_sync_pull_duration_seconds') as Histogram<
    'collection' | 'status'
  >;
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids and hashes would make a series per record.
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    const status = String(reply.statusCode);
    requests.inc({ method: request.method, route, status });
    durations.observe({ method: request.method, route }, seconds);
    const collection = (request.params as { collection?: unknown } | undefined)?.collection;
    if ((route === pushRoute || route === pullRoute) && isCollectionName(collection)) {
      (route === pushRoute ? push : pull).observe({ collection, status }, seconds);
    }
  });
}
