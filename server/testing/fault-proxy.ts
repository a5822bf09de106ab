import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A fault-injecting TCP proxy on loopback, in front of a service under test (after Toxiproxy):
 * - `pass`: forward both ways;
 * - `refuse`: accept and close at once (the network is down);
 * - `cut`: forward, but destroy the connection after `afterBytes()` bytes in the chosen direction —
 *   mid-request (`up`) or mid-response (`down`), at a point the test picks (e.g. at random);
 * - `silent`: a partition — connections stay open, open ones included, but nothing gets through.
 */
export type FaultMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'refuse' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'cut'; readonly direction: 'up' | 'down'; readonly afterBytes: () => number };

export type FaultProxy = {
  readonly port: number;
  readonly url: string;
  setMode(mode: FaultMode): void;
  /** Connections cut or refused so far. */
  readonly faults: () => number;
  close(): Promise<void>;
};

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: FaultMode = { kind: 'pass' };
  let faults = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode.kind === 'refuse') {
      faults += 1;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    const current = mode;
    let budget = current.kind === 'cut' ? current.afterBytes() : Number.POSITIVE_INFINITY;
    const forward = (from: Socket, to: Socket, direction: 'up' | 'down') => {
      from.on('data', (chunk: Buffer) => {
        if (mode.kind === 'silent') {
          return;
        }
        if (current.kind === 'cut' && current.direction === direction) {
          if (chunk.length >= budget) {
            if (budget > 0) {
              to.write(chunk.subarray(0, budget));
            }
            budget = 0;
            faults += 1;
            client.destroy();
            upstream.destroy();
            return;
          }
          budget -= chunk.length;
        }
        to.write(chunk);
      });
    };
    forward(client, upstream, 'up');
    forward(upstream, client, 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next;
      if (next.kind === 'refuse') {
        // The network went down: connections already open die too.
        for (const socket of sockets) {
          socket.destroy();
        }
      }
    },
    faults: () => faults,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** A small seeded generator, so a failing fault run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
