import { Counter, Gauge, type Registry } from 'prom-client';
import type { Framed } from './framing';
import type { ReceiverStore } from './store';

/**
 * The receiver's series on the service's /metrics: whole frames received by frame family, frames
 * stored (committed) by station protocol, pieces quarantined by protocol and reason, store failures,
 * and the stations connected now.
 */
export type ReceiverMetrics = {
  /** Told of every whole frame the receiver read (before its station is looked up). */
  readonly onFrame: (framed: Framed) => void;
  /** The store, counting what it committed and what it could not. */
  readonly counted: (store: ReceiverStore) => ReceiverStore;
  /** Where the open connections are read when /metrics is asked. */
  readonly watch: (receiver: { readonly connections: () => number }) => void;
};

export function createReceiverMetrics(registry: Registry): ReceiverMetrics {
  const received = new Counter({
    name: 'wrm_receiver_frames_received_total',
    help: 'Whole frames the receiver read, by frame family (szy206, sl651, hj212)',
    labelNames: ['protocol'] as const,
    registers: [registry],
  });
  const stored = new Counter({
    name: 'wrm_receiver_frames_stored_total',
    help: 'Frames stored with their values (committed), by station protocol',
    labelNames: ['protocol'] as const,
    registers: [registry],
  });
  const quarantined = new Counter({
    name: 'wrm_receiver_quarantined_total',
    help: 'Frames and pieces of bytes quarantined, by station protocol (unknown when none) and reason',
    labelNames: ['protocol', 'reason'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'wrm_receiver_store_failures_total',
    help: 'Frames or pieces the receiver could not write (the connection was closed, nothing answered)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  let connections: () => number = () => 0;
  new Gauge({
    name: 'wrm_receiver_connections',
    help: 'Stations and data loggers connected to the receiver now',
    registers: [registry],
    collect() {
      this.set(connections());
    },
  });
  return {
    onFrame: (framed) => received.inc({ protocol: framed.family }),
    counted: (store) => ({
      storeFrame: async (frame) => {
        try {
          await store.storeFrame(frame);
        } catch (error) {
          failures.inc({ kind: 'frame' });
          throw error;
        }
        stored.inc({ protocol: frame.protocol });
      },
      quarantine: async (piece) => {
        try {
          await store.quarantine(piece);
        } catch (error) {
          failures.inc({ kind: 'quarantine' });
          throw error;
        }
        quarantined.inc({ protocol: piece.protocol ?? 'unknown', reason: piece.reason });
      },
      flush: () => store.flush(),
    }),
    watch: (receiver) => {
      connections = receiver.connections;
    },
  };
}
