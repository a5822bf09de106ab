import type { StationProtocol } from '#shared/monitoring/station-address';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { markAuditDirty } from '../monitoring/audit-dirty';
import type { QuarantineReason } from './framing';
import type { ReceivedValue } from './interpret';

/**
 * Writes what the receiver takes: each accepted frame with its decoded values in the same transaction
 * (frames arriving together share one — a burst of thousands is a few dozen commits, not thousands),
 * and quarantined pieces. A caller's promise settles only after its transaction committed, so an
 * answer (acknowledgement) never goes out for a frame that is not stored. A value already stored for
 * the same site, element, device time and source (a retransmission) is kept as it was.
 */
export type AcceptedFrame = {
  readonly receivedAt: number;
  readonly peer: string;
  readonly protocol: StationProtocol;
  readonly siteCode: string;
  readonly divisionCode: string;
  readonly bytes: Uint8Array;
  readonly values: readonly ReceivedValue[];
};

export type QuarantinedPiece = {
  readonly at: number;
  readonly peer: string;
  readonly protocol: StationProtocol | null;
  readonly reason: QuarantineReason;
  readonly detail: string;
  readonly bytes: Uint8Array;
};

export type ReceiverStore = {
  storeFrame(frame: AcceptedFrame): Promise<void>;
  quarantine(piece: QuarantinedPiece): Promise<void>;
  /** Waits for everything queued so far. */
  flush(): Promise<void>;
};

type Pending<T> = { readonly item: T; readonly resolve: () => void; readonly reject: (e: unknown) => void };

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

async function writeFrames(db: Database, batch: readonly AcceptedFrame[]): Promise<void> {
  await scoped(db, 'all', async (tx) => {
    // Ids first, so each value names its own frame whatever order the insert returns rows in.
    const { rows } = await tx.query<{ id: string }>(
      `select nextval('monitoring_frames_id_seq')::text as id from generate_series(1, $1::int)`,
      [batch.length],
    );
    await tx.query(
      `insert into monitoring_frames (id, received_at, peer, protocol, site_code, division_code, bytes)
       select i, r, p, pr, s, d, decode(b, 'hex')
       from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         as t(i, r, p, pr, s, d, b)`,
      [
        rows.map((r) => r.id),
        batch.map((f) => f.receivedAt),
        batch.map((f) => f.peer),
        batch.map((f) => f.protocol),
        batch.map((f) => f.siteCode),
        batch.map((f) => f.divisionCode),
        batch.map((f) => hexOf(f.bytes)),
      ],
    );
    const values = batch.flatMap((f, i) => f.values.map((v) => ({ f, v, frameId: rows[i]?.id ?? null })));
    if (values.length === 0) {
      return;
    }
    await tx.query(
      `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code, frame_id)
       select s, e, t, v, f, 'receiver', r, d, fr
       from unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::text[], $6::bigint[], $7::text[], $8::bigint[])
         as u(s, e, t, v, f, r, d, fr)
       on conflict (site_code, element, time, source) do nothing`,
      [
        values.map((x) => x.f.siteCode),
        values.map((x) => x.v.element),
        values.map((x) => x.v.time),
        values.map((x) => x.v.value),
        values.map((x) => x.v.flag),
        values.map((x) => x.f.receivedAt),
        values.map((x) => x.f.divisionCode),
        values.map((x) => x.frameId),
      ],
    );
    // The audit re-judges these sites from their earliest new value (audit loop).
    await markAuditDirty(
      tx,
      values.map((x) => ({ siteCode: x.f.siteCode, divisionCode: x.f.divisionCode, time: x.v.time })),
      Math.max(...batch.map((f) => f.receivedAt)),
    );
  });
}

async function writeQuarantine(db: Database, batch: readonly QuarantinedPiece[]): Promise<void> {
  await db.query(
    `insert into monitoring_quarantine (at, peer, protocol, reason, detail, bytes)
     select a, p, pr, r, d, decode(b, 'hex')
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as u(a, p, pr, r, d, b)`,
    [
      batch.map((q) => q.at),
      batch.map((q) => q.peer),
      batch.map((q) => q.protocol),
      batch.map((q) => q.reason),
      batch.map((q) => q.detail.slice(0, 500)),
      batch.map((q) => hexOf(q.bytes)),
    ],
  );
}

/** Group commit: one writer per kind; what arrives while a batch is written goes into the next. */
function batcher<T>(write: (batch: readonly T[]) => Promise<void>, maxBatch: number) {
  let queue: Pending<T>[] = [];
  let running: Promise<void> | null = null;
  const run = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await write(batch.map((p) => p.item));
        batch.forEach((p) => p.resolve());
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
  };
  const kick = () => {
    running ??= run().finally(() => {
      running = null;
      if (queue.length > 0) {
        void kick();
      }
    });
    return running;
  };
  return {
    add(item: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        void kick();
      });
    },
    async drain(): Promise<void> {
      while (running !== null) {
        await running;
      }
    },
  };
}

export function createReceiverStore(
  db: Database,
  options: {
    readonly maxBatch?: number;
    /** Told the sites of each committed batch (e.g. to derive their reporting counts). */
    readonly onStored?: (siteCodes: ReadonlySet<string>) => void;
  } = {},
): ReceiverStore {
  const frames = batcher(async (b: readonly AcceptedFrame[]) => {
    await writeFrames(db, b);
    options.onStored?.(new Set(b.map((f) => f.siteCode)));
  }, options.maxBatch ?? 500);
  const pieces = batcher((b: readonly QuarantinedPiece[]) => writeQuarantine(db, b), options.maxBatch ?? 500);
  return {
    storeFrame: (frame) => frames.add(frame),
    quarantine: (piece) => pieces.add(piece),
    flush: async () => {
      await frames.drain();
      await pieces.drain();
    },
  };
}
