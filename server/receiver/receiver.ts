import net from 'node:net';
import { createFrameReader } from '#shared/protocols/common/frame-reader';
import type { Database } from '../db/database';
import { decodeReceiverFrame, quarantineReasonOf, type Framed } from './framing';
import { interpretFrame, stationKeys } from './interpret';
import { createStationDirectory, type StationDirectory } from './stations';
import { createReceiverStore, type QuarantinedPiece, type ReceiverStore } from './store';

/**
 * The service as an additional centre station: RTUs and data loggers connect over TCP and send
 * SZY206 / SL/T 427, SL651 or HJ 212 uplinks, told apart by each frame's first bytes. Each frame is
 * filed under the site the registry ties its station to, stored with its values, and answered as
 * its protocol asks — after it is stored. Bytes that are not a frame of a known station (garbage,
 * bad CRC, unparsable, unknown station, oversize, a half frame at disconnect or silence) go to the
 * quarantine with the reason. Nothing a peer sends can stop the receiver: every failure ends at most
 * that peer's connection.
 */
export type ReceiverOptions = {
  readonly db: Database;
  /** Ports to listen on (0: any free port); one port speaks every protocol. */
  readonly ports: readonly number[];
  readonly host?: string;
  readonly now?: () => number;
  /** A connection silent this long is closed, and a half frame it held quarantined. */
  readonly idleTimeoutMs?: number;
  /** Bytes a frame may grow to before what is held is quarantined as oversize. */
  readonly maxFrameBytes?: number;
  readonly store?: ReceiverStore;
  readonly stations?: StationDirectory;
  /** Told about failures that closed a connection (logging); never thrown. */
  readonly onError?: (error: unknown) => void;
  /** Told of every whole frame read, before its station is looked up (metrics). */
  readonly onFrame?: (framed: Framed) => void;
};

export type Receiver = {
  /** The ports actually bound, in the order asked. */
  readonly ports: readonly number[];
  readonly store: ReceiverStore;
  readonly connections: () => number;
  close(): Promise<void>;
};

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const now = options.now ?? Date.now;
  const store = options.store ?? createReceiverStore(options.db);
  const stations = options.stations ?? createStationDirectory(options.db, { now });
  const sockets = new Set<net.Socket>();
  const onError = options.onError ?? (() => undefined);
  const handle = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, {
      now,
      store,
      stations,
      idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
      maxFrameBytes: options.maxFrameBytes ?? 16_384,
      onError,
      onFrame: options.onFrame ?? (() => undefined),
    });
  };
  const servers: net.Server[] = [];
  const ports: number[] = [];
  for (const port of options.ports) {
    const server = net.createServer({ noDelay: true }, handle);
    server.on('error', onError);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: options.host ?? '0.0.0.0', backlog: 4096 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    servers.push(server);
    const address = server.address();
    ports.push(typeof address === 'object' && address !== null ? address.port : port);
  }
  return {
    ports,
    store,
    connections: () => sockets.size,
    async close() {
      await Promise.all(
        servers
          .map((s) => new Promise<void>((resolve) => s.close(() => resolve())))
          .concat(
            [...sockets].map(async (s) => {
              s.destroy();
              await Promise.resolve();
            }),
          ),
      );
      await store.flush();
    },
  };
}

type ConnectionContext = {
  readonly now: () => number;
  readonly store: ReceiverStore;
  readonly stations: StationDirectory;
  readonly idleTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly onError: (error: unknown) => void;
  readonly onFrame: (framed: Framed) => void;
};

function serveConnection(socket: net.Socket, ctx: ConnectionContext): void {
  const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
  const reader = createFrameReader(decodeReceiverFrame, ctx.maxFrameBytes);
  // Frames of one connection are handled in order: answers go back in the order frames came.
  let chain: Promise<void> = Promise.resolve();
  const later = (work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => {
      ctx.onError(error);
      socket.destroy();
    });
  };
  const quarantine = (piece: Omit<QuarantinedPiece, 'peer'>) =>
    later(() => ctx.store.quarantine({ ...piece, peer }));
  // Consecutive refused bytes of one kind become one quarantined piece, not one per byte.
  let garbage: { reason: ReturnType<typeof quarantineReasonOf>; parts: Uint8Array[] } | null = null;
  const flushGarbage = () => {
    if (garbage !== null) {
      quarantine({
        at: ctx.now(),
        protocol: null,
        reason: garbage.reason.code,
        detail: garbage.reason.detail,
        bytes: Buffer.concat(garbage.parts),
      });
      garbage = null;
    }
  };
  const leftover = (why: string) => {
    flushGarbage();
    const held = reader.reset();
    if (held.length > 0) {
      quarantine({ at: ctx.now(), protocol: null, reason: 'malformed', detail: why, bytes: held });
    }
  };
  socket.setTimeout(ctx.idleTimeoutMs, () => {
    leftover(`connection silent for ${ctx.idleTimeoutMs} ms in the middle of a frame`);
    socket.end();
  });
  socket.on('data', (chunk: Buffer) => {
    for (const event of reader.push(chunk)) {
      if (event.kind === 'dropped') {
        const reason = event.reason.startsWith('no whole frame in')
          ? { code: 'oversize' as const, detail: `${event.reason} (limit ${ctx.maxFrameBytes})` }
          : quarantineReasonOf(event.reason);
        if (garbage !== null && garbage.reason.code === reason.code && reason.code === 'malformed') {
          garbage.parts.push(event.bytes);
        } else {
          flushGarbage();
          garbage = { reason, parts: [event.bytes] };
        }
        continue;
      }
      flushGarbage();
      const framed = event.value;
      ctx.onFrame(framed);
      const receivedAt = ctx.now();
      later(() => takeFrame(framed, receivedAt, peer, socket, ctx));
    }
    // Garbage still open is kept until a frame, the end or silence closes it: a slow sender's
    // byte-by-byte garbage stays one piece.
  });
  socket.on('end', () => {
    leftover('connection closed in the middle of a frame');
    socket.end();
  });
  socket.on('error', (error) => {
    leftover(`connection failed in the middle of a frame (${error.message})`);
  });
}

async function takeFrame(
  framed: Framed,
  receivedAt: number,
  peer: string,
  socket: net.Socket,
  ctx: ConnectionContext,
): Promise<void> {
  const keys = stationKeys(framed);
  const site = await ctx.stations.lookup(keys);
  if (site === null) {
    const shown = keys.map((k) => `${k.protocol} ${k.address}`).join(', ') || framed.family;
    await ctx.store.quarantine({
      at: receivedAt,
      peer,
      protocol: keys[0]?.protocol ?? null,
      reason: 'unknown-station',
      detail: `no site in the registry has station ${shown}`,
      bytes: framed.bytes,
    });
    return;
  }
  const meaning = interpretFrame(framed, site.protocol, receivedAt);
  if (!meaning.ok) {
    await ctx.store.quarantine({
      at: receivedAt,
      peer,
      protocol: site.protocol,
      reason: meaning.code,
      detail: meaning.detail,
      bytes: framed.bytes,
    });
    return;
  }
  if (meaning.store) {
    await ctx.store.storeFrame({
      receivedAt,
      peer,
      protocol: site.protocol,
      siteCode: site.siteCode,
      divisionCode: site.divisionCode,
      bytes: framed.bytes,
      values: meaning.values,
    });
  }
  if (meaning.reply !== null && !socket.destroyed && socket.writable) {
    socket.write(meaning.reply);
  }
}
