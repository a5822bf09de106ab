import { eventCollectionNames, idTime } from '#shared/domain/index';
import type { SyncState } from './sync-store';

/**
 * What this laptop tells the service of its outbox on every push and pull (for the operator console):
 * the crew's records the service has not stored yet — pending, in a push, or refused — and when the
 * oldest of them was made (read from its UUIDv7 id; among the records the Sync centre lists).
 */
export function outboxReport(state: Pick<SyncState, 'collections'>): {
  depth: number;
  oldestAt: number | null;
} {
  let depth = 0;
  let oldestAt: number | null = null;
  for (const name of eventCollectionNames) {
    const c = state.collections[name];
    depth += c.pending + c.sent + c.refused;
    for (const entry of c.entries) {
      const at = idTime(entry.id);
      if (at !== null && (oldestAt === null || at < oldestAt)) {
        oldestAt = at;
      }
    }
  }
  return { depth, oldestAt };
}
