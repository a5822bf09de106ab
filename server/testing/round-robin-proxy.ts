import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP balancer for multi-node tests: each request goes to the next backend in turn (no
 * stickiness, as a plain round-robin balancer does); a backend that refuses the connection is
 * skipped and the request tried on the next one, as a balancer's health check would. Bodies are
 * buffered so that a request can be sent again. `served` counts the requests each backend answered.
 */
export type RoundRobinProxy = {
  readonly url: string;
  readonly served: number[];
  close(): Promise<void>;
};

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) {
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

export async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served = backends.map(() => 0);
  const server: Server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const attempt = (tries: number) => {
        const index = next % backends.length;
        next += 1;
        const target = new URL(req.url ?? '/', backends[index]);
        const upstream = httpRequest(
          target,
          { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
          (answer) => {
            served[index] = (served[index] ?? 0) + 1;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            res.on('close', () => answer.destroy());
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (!res.headersSent && error.code === 'ECONNREFUSED' && tries + 1 < backends.length) {
            attempt(tries + 1);
          } else if (!res.headersSent) {
            res.writeHead(502).end();
          } else {
            res.destroy();
          }
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
