import { EventEmitter } from 'node:events';
import type { CollectionName } from '../../shared/domain/index';

export type ChangeNotice = { readonly collection: CollectionName; readonly divisions: readonly string[] };

/**
 * Tells live streams that a collection changed (after commit), so connected devices pull at once. In
 * one process; several service processes on one PostgreSQL would relay this with LISTEN/NOTIFY.
 */
export function createNotifier() {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    changed(notice: ChangeNotice): void {
      if (notice.divisions.length > 0) {
        events.emit('change', notice);
      }
    },
    onChange(listener: (notice: ChangeNotice) => void): () => void {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
    revoked(deviceId: string): void {
      events.emit('revoked', deviceId);
    },
    onRevoked(listener: (deviceId: string) => void): () => void {
      events.on('revoked', listener);
      return () => events.off('revoked', listener);
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
