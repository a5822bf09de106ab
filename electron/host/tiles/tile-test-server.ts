import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generatedTile } from './png';

/**
 * A local XYZ tile server for tests and the e2e suite: generated PNG tiles on 127.0.0.1 only. It can
 * demand a key (`?tk=`), answer errors, stall, and be stopped and started again on the same port —
 * which is how the tests cut the connection in the middle of a download.
 */
export type TileTestServerOptions = {
  /** When set, requests without `tk=<key>` get 403 with a text body, as a keyed service does. */
  readonly key?: string;
  /** Zoom levels outside this answer 404 (no tile there). */
  readonly maxZoom?: number;
  /** Delay before each tile answer. */
  readonly delayMs?: number;
  readonly port?: number;
};

export type TileTestServer = {
  readonly port: number;
  readonly origin: string;
  /** `http://127.0.0.1:PORT/{z}/{x}/{y}.png` (with `?tk={key}` when the server wants a key). */
  readonly template: string;
  /** Tiles served since start (a map of `z/x/y` to count). */
  readonly served: Map<string, number>;
  /** What the next requests get: normal tiles, HTTP 500, an HTML page with status 200, or no answer at all. */
  mode: 'tiles' | 'error-500' | 'html' | 'hang';
  /** Stop after this many more tiles (then behave as stopped: connections are destroyed). */
  cutAfter: number | null;
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
};

export async function startTileTestServer(options: TileTestServerOptions = {}): Promise<TileTestServer> {
  const sockets = new Set<Socket>();
  const cache = new Map<string, Buffer>();
  let server: Server | null = null;
  let port = options.port ?? 0;

  const state: TileTestServer = {
    port: 0,
    origin: '',
    template: '',
    served: new Map(),
    mode: 'tiles',
    cutAfter: null,
    stop,
    start,
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(url.pathname);
    if (m === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (state.cutAfter !== null) {
      if (state.cutAfter <= 0) {
        req.socket.destroy();
        return;
      }
      state.cutAfter -= 1;
    }
    if (options.key !== undefined && url.searchParams.get('tk') !== options.key) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('invalid key (tk)');
      return;
    }
    if (state.mode === 'hang') {
      return;
    }
    if (state.mode === 'error-500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    if (state.mode === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>maintenance</body></html>');
      return;
    }
    const [z, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (z > (options.maxZoom ?? 18) || x >= 2 ** z || y >= 2 ** z) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no tile');
      return;
    }
    const key = `${z}/${x}/${y}`;
    let png = cache.get(key);
    if (png === undefined) {
      png = generatedTile(z, x, y);
      cache.set(key, png);
    }
    state.served.set(key, (state.served.get(key) ?? 0) + 1);
    const body = png;
    const send = () =>
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length }).end(body);
    if (options.delayMs) {
      setTimeout(send, options.delayMs);
    } else {
      send();
    }
  }

  async function start(): Promise<void> {
    const s = createServer(handle);
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
    port = (s.address() as AddressInfo).port;
    Object.assign(state, {
      port,
      origin: `http://127.0.0.1:${port}`,
      template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png${options.key !== undefined ? '?tk={key}' : ''}`,
    });
  }

  async function stop(): Promise<void> {
    const s = server;
    server = null;
    if (s === null) {
      return;
    }
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();
  return state;
}
