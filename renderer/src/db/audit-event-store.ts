import type { RxCollection } from 'rxdb';
import { BehaviorSubject, map, type Observable } from 'rxjs';
import {
  auditFindingEventRecordSchema,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
} from '#shared/domain/index';
import type { AppDatabase } from './database';
import { writeFieldEvents, type FieldEventWrite, type WriteOutcome, type WriteResult } from './write-events';

/**
 * Where a laptop keeps data-audit findings and their handling events: the device database's
 * `audit_findings` / `audit_finding_events` collections when the registry has them (they sync like
 * every event), else — a laptop that syncs nothing, the demo province — an append-only list in the
 * device's local storage with the same record shape and the same rules (validated, an id already
 * stored with the same content is a no-op, with other content a conflict).
 */
const storageKey = 'wrm.auditFindingEvents';

/**
 * An enrolled laptop's copy of the service's findings and events (renderer/src/sync/audit-sync.ts),
 * registered by the sync runtime; while `enrolled()` it is where findings are read and events go.
 */
export type AuditRemote = {
  enrolled(): boolean;
  readonly findings$: Observable<AuditFindingRecord[]>;
  readonly events$: Observable<AuditFindingEventRecord[]>;
  /** Queues a validated event for the service (the same id again: false). */
  write(record: AuditFindingEventRecord): Promise<boolean>;
};
let remote: AuditRemote | null = null;
export function setAuditRemote(next: AuditRemote | null): void {
  remote = next;
}
const enrolledRemote = (): AuditRemote | null => (remote?.enrolled() === true ? remote : null);
const ofSite = <T extends { siteCode: string }>(siteCode: string | null) =>
  map((all: T[]) => (siteCode === null ? all : all.filter((r) => r.siteCode === siteCode)));

function collection<T>(db: AppDatabase, name: string): RxCollection<T> | null {
  return (db.collections as unknown as Record<string, RxCollection<T> | undefined>)[name] ?? null;
}

function readLocal(storage: Storage | null): AuditFindingEventRecord[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(storageKey) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.flatMap((r) => {
          const ok = auditFindingEventRecordSchema.safeParse(r);
          return ok.success ? [ok.data] : [];
        })
      : [];
  } catch {
    return [];
  }
}

const storage = (): Storage | null => (typeof window === 'undefined' ? null : window.localStorage);
let local: BehaviorSubject<AuditFindingEventRecord[]> | null = null;
function localEvents(): BehaviorSubject<AuditFindingEventRecord[]> {
  local ??= new BehaviorSubject(readLocal(storage()));
  return local;
}

const sameRecord = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The handling events this laptop holds (of one site, or all), live. */
export function auditEventRecords$(
  db: AppDatabase,
  siteCode: string | null,
): Observable<AuditFindingEventRecord[]> {
  const rx = collection<AuditFindingEventRecord>(db, 'audit_finding_events');
  if (rx !== null) {
    return rx
      .find(siteCode === null ? {} : { selector: { siteCode } })
      .$.pipe(map((docs) => docs.map((d) => d.toJSON() as AuditFindingEventRecord)));
  }
  const service = enrolledRemote();
  return (service?.events$ ?? localEvents()).pipe(ofSite<AuditFindingEventRecord>(siteCode));
}

/** The platform's findings this laptop holds (none where the registry has no such collection). */
export function auditFindingRecords$(
  db: AppDatabase,
  siteCode: string | null,
): Observable<AuditFindingRecord[]> | null {
  const rx = collection<AuditFindingRecord>(db, 'audit_findings');
  const service = enrolledRemote();
  if (rx === null && service !== null) {
    return service.findings$.pipe(ofSite<AuditFindingRecord>(siteCode));
  }
  return rx === null
    ? null
    : rx
        .find(siteCode === null ? {} : { selector: { siteCode } })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as AuditFindingRecord)));
}

/** Stores one handling event (append-only; the same record again is a no-op). */
export async function writeAuditEvent(
  db: AppDatabase,
  record: AuditFindingEventRecord,
): Promise<WriteResult<WriteOutcome>> {
  const parsed = auditFindingEventRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `audit_finding_events: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`;
    return { ok: false, error: { code: 'invalid', message, issues: [] } };
  }
  const rx = collection<AuditFindingEventRecord>(db, 'audit_finding_events');
  if (rx !== null) {
    // The registry names the collection once it is a device collection; the write is the same as any event's.
    return writeFieldEvents(db, [
      { collection: 'audit_finding_events', record } as unknown as FieldEventWrite,
    ]);
  }
  const service = enrolledRemote();
  if (service !== null) {
    const written = await service.write(parsed.data);
    return {
      ok: true,
      value: written
        ? { written: [record.id], alreadyPresent: [] }
        : { written: [], alreadyPresent: [record.id] },
    };
  }
  const events = localEvents();
  const stored = events.value.find((e) => e.id === record.id);
  if (stored !== undefined) {
    return sameRecord(stored, parsed.data)
      ? { ok: true, value: { written: [], alreadyPresent: [record.id] } }
      : {
          ok: false,
          error: {
            code: 'conflict',
            message: `audit_finding_events/${record.id}: already stored with other content`,
            issues: [],
          },
        };
  }
  const next = [...events.value, parsed.data];
  try {
    storage()?.setItem(storageKey, JSON.stringify(next));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'storage', message, issues: [] } };
  }
  events.next(next);
  return { ok: true, value: { written: [record.id], alreadyPresent: [] } };
}
