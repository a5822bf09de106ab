import { BehaviorSubject } from 'rxjs';
import {
  auditFindingEventRecordSchema,
  auditFindingRecordSchema,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
} from '#shared/domain/index';
import { auditPaths, type AuditPullResponse } from '#shared/sync/audit-wire';
import { createSyncClient, type HttpFetch } from '#shared/sync/index';
import type { HostClient } from '#shared/host/client';
import { setAuditRemote } from '../db/audit-event-store';
import type { AppDatabase } from '../db/database';
import { createAuditSync, type AuditClient, type AuditPushAnswer, type AuditSync } from './audit-sync';
import { startBackgroundRefresh } from './background-refresh';
import type { SyncController } from './controller';
import { readToken } from './enrolment';
import { localDocumentStore } from './series-cache-runtime';
import type { SyncSettings } from './sync-store';

/**
 * Runs the audit sync (audit-sync.ts) beside the sync controller on an enrolled laptop: pulls the
 * region's findings and events and pushes the crew's events at start, when the browser comes back
 * online, on enrolment, soon after a local write and every five minutes; and registers the copy as
 * where the site page, map and report read findings and where the crew's events go.
 */

/** The audit requests through the app's one sync client (its token and headers). */
export function auditClientOf(settings: SyncSettings, fetch: HttpFetch, host: HostClient): AuditClient {
  const client = createSyncClient({ baseUrl: settings.serviceUrl, fetch, token: () => readToken(host) });
  const page = (path: string) => (after: number, limit: number) =>
    client.request<AuditPullResponse>('GET', `${path}?after=${after}&limit=${limit}`);
  return {
    findings: page(auditPaths.findings),
    events: page(auditPaths.events),
    push: (rows) => client.request<AuditPushAnswer>('POST', auditPaths.events, { rows }),
  };
}

/** The stored records that still read as records of this build (others are left out, not shown). */
function valid<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) {
  return (rows: readonly unknown[]): T[] =>
    rows.flatMap((r) => {
      const parsed = schema.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    });
}
const validFindings = valid<AuditFindingRecord>(auditFindingRecordSchema);
const validEvents = valid<AuditFindingEventRecord>(auditFindingEventRecordSchema);

const windowFetch: HttpFetch = (url, init) => window.fetch(url, init as RequestInit);

export function startAuditSync(db: AppDatabase, host: HostClient, controller: SyncController): AuditSync {
  const sync = createAuditSync({ store: localDocumentStore(db) });
  const findings$ = new BehaviorSubject<AuditFindingRecord[]>([]);
  const events$ = new BehaviorSubject<AuditFindingEventRecord[]>([]);
  const reload = async () => {
    findings$.next(validFindings(await sync.findings()));
    events$.next(validEvents(await sync.events()));
  };
  const client = () => {
    const settings = controller.store.get().settings;
    return settings === null ? null : auditClientOf(settings, windowFetch, host);
  };
  const soon = startBackgroundRefresh(
    controller,
    async () => {
      const c = client();
      if (c === null) {
        return;
      }
      try {
        const pushed = await sync.push(c);
        const pulled = await sync.pull(c);
        await reload();
        const refused = (await sync.outbox()).filter((r) => r.state === 'refused');
        controller.store.log(
          `audit sync: ${pushed.sent} events sent, ${pushed.refused} refused, ${pushed.pending} pending; ${pulled.findings.received} findings and ${pulled.events.received} events pulled` +
            (refused.length === 0
              ? ''
              : `; refused: ${refused.map((r) => `${r.record.id} (${r.refusal?.code ?? ''}: ${r.refusal?.message ?? ''})`).join('; ')}`) +
            [pushed.error, pulled.findings.error, pulled.events.error]
              .filter((e) => e !== null)
              .map((e) => `; ${e}`)
              .join(''),
        );
      } catch (error) {
        controller.store.log(`audit sync: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    { delayMs: 2_000, everyMs: 5 * 60_000, atStart: false },
  );
  setAuditRemote({
    enrolled: () => controller.store.get().settings !== null,
    findings$,
    events$,
    write: async (record) => {
      const queued = await sync.enqueue(record);
      await reload();
      soon();
      return queued;
    },
  });
  void reload().then(() => soon(0));
  return sync;
}
