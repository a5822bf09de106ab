import { connect } from 'node:net';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';

/**
 * Forwards the RTU frames of each ingested 补报 part to the provincial platform's receiver: one TCP
 * connection per part, its frames written in the order the RTU sent them, byte for byte as the laptop
 * recorded them — the platform receives what it would have received had the modem worked. A part that
 * fails is tried again later (up to `maxAttempts`), its attempts and last error kept in
 * `backfill_parts`, with when, where and how many bytes went once it succeeds.
 */
export type ForwardTarget = { readonly host: string; readonly port: number };

export class ForwardTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForwardTargetError';
  }
}

/** `host:port` (IPv6 in brackets) of the platform's receiver. */
export function parseForwardTarget(text: string): ForwardTarget {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (match === null || !(port >= 1 && port <= 65_535)) {
    throw new ForwardTargetError(
      `"${text}" is not host:port of the platform's receiver (e.g. 10.1.2.3:5005)`,
    );
  }
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

export function describeTarget(t: ForwardTarget): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

export type SendFrames = (target: ForwardTarget, frames: readonly Uint8Array[]) => Promise<number>;

/** Writes the frames on one connection and closes it; the byte count once the peer has them all. */
export const sendFramesTcp =
  (timeoutMs = 10_000): SendFrames =>
  (target, frames) =>
    new Promise<number>((resolve, reject) => {
      const socket = connect({ host: target.host, port: target.port });
      let bytes = 0;
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(timeoutMs, () =>
        fail(new Error(`no answer from ${describeTarget(target)} in ${timeoutMs} ms`)),
      );
      socket.once('error', fail);
      socket.once('connect', () => {
        for (const frame of frames) {
          socket.write(frame);
          bytes += frame.length;
        }
        socket.end();
      });
      socket.once('close', (hadError) => {
        if (!hadError) {
          resolve(bytes);
        }
      });
    });

export type ForwardReport = {
  readonly forwarded: number;
  readonly failed: number;
  readonly bytes: number;
  readonly errors: readonly string[];
};

type PartRow = { session_id: string; batch_id: string; forward_attempts: number; frames: string[] | null };

function bytesOfHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The parts not forwarded yet and not given up on, oldest first. */
export async function forwardPending(
  db: Database,
  target: ForwardTarget,
  now: () => number,
  options: { readonly send?: SendFrames; readonly maxAttempts?: number; readonly limit?: number } = {},
): Promise<ForwardReport> {
  const send = options.send ?? sendFramesTcp();
  const { rows } = await scoped(db, 'all', (tx) =>
    tx.query<PartRow>(
      `select p.session_id, p.batch_id, p.forward_attempts,
              array(select jsonb_array_elements_text(r.doc -> 'backfill' -> 'frames')) as frames
         from backfill_parts p
         join records r on r.collection = 'diagnostic_sessions' and r.id = p.session_id
        where p.forwarded_at is null and p.forward_attempts < $1
        order by p.ingested_at, p.batch_id, p.part limit $2`,
      [options.maxAttempts ?? 10, options.limit ?? 50],
    ),
  );
  let forwarded = 0;
  let failed = 0;
  let total = 0;
  const errors: string[] = [];
  for (const row of rows) {
    const frames = (row.frames ?? []).map(bytesOfHex);
    try {
      const bytes = await send(target, frames);
      total += bytes;
      forwarded += 1;
      await scoped(db, 'all', (tx) =>
        tx.query(
          `update backfill_parts set forwarded_at = $2, forwarded_to = $3, forwarded_bytes = $4,
             forward_attempts = forward_attempts + 1, forward_error = null where session_id = $1`,
          [row.session_id, now(), describeTarget(target), bytes],
        ),
      );
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      errors.push(`补报 batch ${row.batch_id} (${row.session_id}): ${message}`);
      await scoped(db, 'all', (tx) =>
        tx.query(
          `update backfill_parts set forward_attempts = forward_attempts + 1, forward_error = $2 where session_id = $1`,
          [row.session_id, message.slice(0, 500)],
        ),
      );
    }
  }
  return { forwarded, failed, bytes: total, errors };
}

/** The frames of a batch, every part in order, as one file: the bytes the platform's receiver takes. */
export async function exportBatchFrames(
  db: Database,
  batchId: string,
  scope = 'all',
): Promise<{ bytes: Uint8Array; frames: number }> {
  const { rows } = await scoped(db, scope, (tx) =>
    tx.query<{ frames: string[] | null }>(
      `select array(select jsonb_array_elements_text(r.doc -> 'backfill' -> 'frames')) as frames
         from records r
        where r.collection = 'diagnostic_sessions' and r.doc -> 'backfill' ->> 'batchId' = $1
        order by (r.doc -> 'backfill' ->> 'part')::int`,
      [batchId],
    ),
  );
  if (rows.length === 0) {
    throw new ForwardTargetError(
      scope === 'all'
        ? `no 补报 batch ${batchId} on this service`
        : `no 补报 batch ${batchId} in your region ${scope}`,
    );
  }
  const frames = rows.flatMap((r) => r.frames ?? []).map(bytesOfHex);
  const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    bytes.set(f, at);
    at += f.length;
  }
  return { bytes, frames: frames.length };
}
