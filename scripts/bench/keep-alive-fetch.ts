// The simulated devices' transport in `npm run bench:sync`: node:http over a keep-alive agent. The
// load generator shares the machine's two cores with the service and PostgreSQL; undici's fetch spent
// about 1 ms of CPU per push there, which the service's latency figures then carried.
import { Agent, request } from 'node:http';
import type { HttpFetch, HttpResponse } from '#shared/sync/index';

export function keepAliveFetch(maxSockets = 256): { fetch: HttpFetch; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const fetch: HttpFetch = (url, init) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const req = request(url, { method: init.method, headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get: (name) => {
                const value = res.headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(', ') : (value ?? null);
              },
            },
            text: () => Promise.resolve(body),
          });
        });
      });
      req.on('error', reject);
      req.end(init.body);
    });
  return { fetch, close: () => agent.destroy() };
}
