import {
  auditFindingOfRecord,
  nameBasedUuid,
  toAuditFindingEvent,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
  type Site,
  auditFindingEventsCollection,
  auditFindingsCollection,
} from '#shared/domain/index';
import { dayOf, dayStart } from '#shared/health/days';
import { isElementCode, type MonitoredValue, type ValueSource } from '#shared/monitoring/values';
import {
  auditChunk,
  auditFindingKey,
  auditSiteOf,
  foldAuditFinding,
  isWrongClock,
  mergeFindings,
  resolvedByReaudit,
  startAudit,
  type AuditCursor,
  type AuditFinding,
  type AuditFindingEvent,
  type CounterSwap,
  type ProvincePolicy,
} from '#shared/verdicts/index';
import type { Database } from '../db/database';
import { scoped, type Tx } from '../db/scoped';
import { getPolicy } from '../platform/policy';
import {
  findingRecord,
  putAuditRecords,
  readFindingEvents,
  readStoredFindings,
  sameFinding,
  type StoredFinding,
} from './audit-store';
import { readCounterSwaps } from './audit-swaps';
import { syncAuditTasks, type AuditTaskItem } from './audit-tasks';

/**
 * The data audit as data arrives: the sites marked dirty (audit-dirty.ts) are re-audited over the
 * window their new values touch, with the verdict core's chunked audit (`auditChunk`), and their
 * findings stored (audit-store.ts), a batch of sites per transaction.
 *
 * Where each site's audit resumes, given the earliest device time `e` among its new values:
 * - never audited: a fresh audit from the start of `e`'s day (Beijing);
 * - `e` at or after the horizon (data arriving in order): from the stored cursor;
 * - `e` within the current day: from the cursor kept at the day's start;
 * - earlier (a 补报 batch, a corrected day): the site's whole stream again, from the earlier of its
 *   start and `e`'s day (at most a year back).
 * Each run audits up to `now`; a day boundary crossed on the way keeps the cursor there.
 *
 * Findings the re-audit reports again (same key) are replaced; those it could have reported but did
 * not (still growing at the last audit, or starting inside the re-audited window) are no longer true:
 * a corrected one is closed by the platform (`resolvedByReaudit`, a `closed` event), one nobody acted
 * on is withdrawn (the data that fired it changed — a late report filled a gap); one whose cause was
 * recorded stays until it is corrected. Tasks follow (audit-tasks.ts).
 */
export type AuditRunReport = {
  sites: number;
  values: number;
  findingsWritten: number;
  findingsClosed: number;
  findingsWithdrawn: number;
  tasksCreated: number;
  tasksClosed: number;
};

export type AuditRunOptions = {
  /** Sites per transaction. */
  readonly batchSites?: number;
  /** Stop after this many sites (the rest stay marked for the next run). */
  readonly maxSites?: number;
  /** The policy to judge with; the service's when not given. */
  readonly policy?: ProvincePolicy;
  /** Only these sites' marks (others stay for the loop). */
  readonly onlySites?: readonly string[];
};

const dayMs = 86_400_000;
/** The longest stream re-audited at once (the core's window limit). */
const maxStreamMs = 366 * dayMs;
const dayStartOf = (t: number) => dayStart(dayOf(t));

type Mark = { site_code: string; division_code: string; earliest: string };
type CursorRow = {
  site_code: string;
  stream_from: string;
  horizon: string;
  cursor: AuditCursor;
  day_horizon: string | null;
  day_cursor: AuditCursor | null;
};
/** A site's values as read: packed per element, and those stamped elsewhere with a wrong clock. */
type SiteRead = { readonly packed: PackedRow[]; readonly stray: MonitoredValue[] };
type PackedRow = {
  site_code: string;
  element: string;
  times: Uint8Array;
  vals: Uint8Array;
  recv: Uint8Array;
  srcs: string;
};
type ValueRow = {
  site_code: string;
  element: string;
  time: number;
  value: number;
  flag: string | null;
  source: ValueSource;
  received_at: number;
};

type Plan = {
  readonly site: Site;
  readonly start: AuditCursor;
  readonly streamFrom: number;
  readonly readFrom: number;
  readonly day: { readonly horizon: number; readonly cursor: AuditCursor } | null;
};

export function newAuditRunReport(): AuditRunReport {
  return {
    sites: 0,
    values: 0,
    findingsWritten: 0,
    findingsClosed: 0,
    findingsWithdrawn: 0,
    tasksCreated: 0,
    tasksClosed: 0,
  };
}

/** Where a site's audit resumes (see above). */
export function planResume(site: Site, earliest: number, row: CursorRow | undefined, now: number): Plan {
  const floor = now - maxStreamMs;
  const fresh = (from: number): Plan => {
    const streamFrom = Math.max(from, dayStartOf(floor) + dayMs);
    return {
      site,
      start: startAudit(auditSiteOf(site), streamFrom),
      streamFrom,
      readFrom: streamFrom,
      day: null,
    };
  };
  if (row === undefined) {
    return fresh(dayStartOf(earliest));
  }
  const horizon = Number(row.horizon);
  const streamFrom = Number(row.stream_from);
  const dayHorizon = row.day_horizon === null ? null : Number(row.day_horizon);
  const day =
    dayHorizon === null || row.day_cursor === null ? null : { horizon: dayHorizon, cursor: row.day_cursor };
  if (earliest >= horizon) {
    return { site, start: row.cursor, streamFrom, readFrom: horizon, day };
  }
  if (day !== null && earliest >= day.horizon) {
    return { site, start: day.cursor, streamFrom, readFrom: day.horizon, day };
  }
  return fresh(Math.min(streamFrom, dayStartOf(earliest)));
}

/** Packed lists of 8-byte big-endian numbers (int8send, float8send) as a DataView. */
const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** An int8 of a packed list as a number: ms timestamps stay below 2^53, so this is exact. */
const int8At = (view: DataView, o: number) => view.getInt32(o) * 4_294_967_296 + view.getUint32(o + 4);
const sourceOf: Readonly<Record<string, ValueSource>> = { r: 'receiver', f: 'file', b: 'backfill' };

/** One element's values of one site from its packed lists (see `readValues`). */
function unpackValues(r: PackedRow, element: MonitoredValue['element'], into: MonitoredValue[]): void {
  const times = viewOf(r.times);
  const values = viewOf(r.vals);
  const received = viewOf(r.recv);
  const n = r.srcs.length;
  if (times.byteLength !== n * 8 || values.byteLength !== n * 8 || received.byteLength !== n * 8) {
    throw new Error(`packed values of ${r.site_code} ${r.element} do not line up`);
  }
  for (let i = 0; i < n; i += 1) {
    const o = i * 8;
    into.push({
      siteCode: r.site_code,
      element,
      time: int8At(times, o),
      value: values.getFloat64(o),
      flag: null,
      source: sourceOf[r.srcs[i] as string] as ValueSource,
      receivedAt: int8At(received, o),
    });
  }
}

/**
 * The values of the planned sites: stamped in [readFrom, to), and those received then with a wrong
 * clock. The first come aggregated per site and element, each column one binary list (8 bytes a
 * value as PostgreSQL sends them; the source one letter a value): a row object per value cost the
 * runner more than the audit itself, and printing and parsing each number as text cost both sides
 * more than packing. Every aggregate of a group reads its rows in the same order, so the lists line
 * up. Each site's rows come from its own index scan (lateral), so no sort of the whole batch spills
 * to disk. The core sorts each element's values by device time itself, and its rules read no flags.
 */
async function readValues(
  tx: Tx,
  plans: readonly Plan[],
  to: number,
  policy: ProvincePolicy,
): Promise<Map<string, SiteRead>> {
  const codes = plans.map((p) => p.site.code);
  const froms = plans.map((p) => p.readFrom);
  const bySite = new Map<string, SiteRead>(codes.map((c) => [c, { packed: [], stray: [] }]));
  const { rows: series } = await tx.query<PackedRow>(
    `select s.code as site_code, x.element, x.times, x.vals, x.recv, x.srcs
       from unnest($1::text[], $2::bigint[]) as s(code, read_from)
       cross join lateral (
         select m.element, string_agg(int8send(m.time), ''::bytea) as times,
                string_agg(float8send(m.value), ''::bytea) as vals,
                string_agg(int8send(m.received_at), ''::bytea) as recv,
                string_agg(case m.source when 'receiver' then 'r' when 'file' then 'f' else 'b' end, '') as srcs
           from monitoring_values m
          where m.site_code = s.code and m.time >= s.read_from and m.time < $3
          group by m.element) as x`,
    [codes, froms, to],
  );
  for (const r of series) {
    bySite.get(r.site_code)?.packed.push(r);
  }
  // The wrong-clock index (migration 012): a superset of wrong clocks for any policy (the future
  // tolerance is at least 0, the past one at least a day); the core decides.
  const { rows: stray } = await tx.query<ValueRow>(
    `select m.site_code, m.element, m.time::float8 as time, m.value, m.flag, m.source, m.received_at::float8 as received_at
       from unnest($1::text[], $2::bigint[]) as s(code, read_from)
       join monitoring_values m on m.site_code = s.code
        and (m.time > m.received_at or (m.source = 'receiver' and m.received_at - m.time > 86400000))
        and m.received_at >= s.read_from and m.received_at < $3 and (m.time < s.read_from or m.time >= $3)`,
    [codes, froms, to],
  );
  for (const r of stray) {
    const v: MonitoredValue | null = isElementCode(r.element)
      ? {
          siteCode: r.site_code,
          element: r.element,
          time: Number(r.time),
          value: Number(r.value),
          flag: r.flag,
          source: r.source,
          receivedAt: Number(r.received_at),
        }
      : null;
    if (v !== null && isWrongClock(v, policy)) {
      bySite.get(v.siteCode)?.stray.push(v);
    }
  }
  return bySite;
}

/**
 * A site's values as the core reads them, unpacked just before its audit (so a batch's values are
 * never all objects at once: each site's die young).
 */
function siteValues(read: SiteRead | undefined): MonitoredValue[] {
  const values: MonitoredValue[] = [];
  for (const r of read?.packed ?? []) {
    if (isElementCode(r.element)) {
      // (an element the audit has no rules for is skipped)
      unpackValues(r, r.element, values);
    }
  }
  values.push(...(read?.stray ?? []));
  return values;
}

/** Audits one planned site up to `to`: its findings, the cursor at `to`, and the day cursor to keep. */
export function auditPlanned(
  plan: Plan,
  values: readonly MonitoredValue[],
  to: number,
  policy: ProvincePolicy,
  swaps: readonly CounterSwap[] = [],
): { findings: AuditFinding[]; cursor: AuditCursor; day: Plan['day'] } {
  const site = auditSiteOf(plan.site, swaps);
  const boundary = dayStartOf(to);
  const split = boundary > plan.readFrom && boundary < to;
  const first: MonitoredValue[] = [];
  const rest: MonitoredValue[] = [];
  if (split) {
    for (const v of values) {
      (v.time >= plan.readFrom && v.time < boundary ? first : rest).push(v);
    }
  }
  let cursor = plan.start;
  let findings: AuditFinding[] = [];
  let day = plan.day;
  for (const [chunk, end] of split
    ? ([
        [first, boundary],
        [rest, to],
      ] as const)
    : ([[values, to]] as const)) {
    const r = auditChunk({ site, values: chunk, policy, now: to, cursor, to: end });
    if (!r.ok) {
      throw new Error(`audit of ${site.code}: ${r.error.message}`);
    }
    cursor = r.value.cursor;
    findings = mergeFindings(findings, r.value.findings);
    if (end === boundary) {
      day = { horizon: boundary, cursor };
    }
  }
  return { findings, cursor, day };
}

function withoutFlag(f: StoredFinding): AuditFindingRecord {
  const { deleted, ...record } = f;
  void deleted;
  return record;
}

/** The platform's `closed` event for a corrected finding its re-audit no longer finds. */
function closedEvent(f: AuditFindingRecord, now: number): AuditFindingEventRecord {
  return {
    id: nameBasedUuid(`closed:${f.findingKey}`),
    findingKey: f.findingKey,
    siteCode: f.siteCode,
    divisionCode: f.divisionCode,
    type: 'closed',
    by: 'platform',
    cause: null,
    note: '复核未再发现：更正后的数据通过审核',
    reason: null,
    correction: null,
    deviceId: 'platform',
    operatorId: 'platform',
    recordedAt: now,
    receivedAt: now,
  };
}

/** Takes up to `limit` dirty marks (others' marks in progress are skipped) and audits their sites. */
async function auditBatch(
  tx: Tx,
  take: { readonly limit: number; readonly onlySites: readonly string[] | null },
  now: number,
  policy: ProvincePolicy,
  report: AuditRunReport,
): Promise<number> {
  const { rows: marks } = await tx.query<Mark>(
    `delete from audit_dirty where site_code in (
       select site_code from audit_dirty where $2::text[] is null or site_code = any($2::text[])
        order by marked_at, site_code limit $1 for update skip locked)
     returning site_code, division_code, earliest::text`,
    [take.limit, take.onlySites],
  );
  if (marks.length === 0) {
    return 0;
  }
  const codes = marks.map((m) => m.site_code);
  const { rows: siteRows } = await tx.query<{ doc: Site }>(
    `select doc from records where collection = 'sites' and not deleted and doc ->> 'code' = any($1::text[])`,
    [codes],
  );
  const sites = new Map(siteRows.map((r) => [r.doc.code, r.doc]));
  const { rows: cursorRows } = await tx.query<CursorRow>(
    `select site_code, stream_from::text, horizon::text, cursor, day_horizon::text, day_cursor
       from audit_cursors where site_code = any($1::text[])`,
    [codes],
  );
  const cursors = new Map(cursorRows.map((r) => [r.site_code, r]));
  const plans = marks.flatMap((m) => {
    const site = sites.get(m.site_code);
    const plan =
      site === undefined ? null : planResume(site, Number(m.earliest), cursors.get(m.site_code), now);
    return plan === null || plan.readFrom >= now ? [] : [plan];
  });
  const read = await readValues(tx, plans, now, policy);
  const swaps = await readCounterSwaps(
    tx,
    plans.map((p) => p.site),
  );
  const audited = plans.map((plan) => {
    const vs = siteValues(read.get(plan.site.code));
    report.values += vs.length;
    return { plan, ...auditPlanned(plan, vs, now, policy, swaps.get(plan.site.code)) };
  });
  const stored = await readStoredFindings(
    tx,
    audited.map((a) => a.plan.site.code),
  );
  const candidates = audited.map(({ plan, findings }) => {
    const found = new Set(findings.map(auditFindingKey));
    return (stored.get(plan.site.code) ?? []).filter(
      (f) =>
        !f.deleted && !found.has(f.findingKey) && (f.ongoing || (f.from >= plan.readFrom && f.from < now)),
    );
  });
  const events = await readFindingEvents(tx, [
    ...audited.flatMap((a) => a.findings.map(auditFindingKey)),
    ...candidates.flat().map((f) => f.findingKey),
  ]);
  const fold = (key: string) => foldAuditFinding(key, events.get(key) ?? ([] as AuditFindingEvent[]));

  const written: AuditFindingRecord[] = [];
  const withdrawn: AuditFindingRecord[] = [];
  const closed: AuditFindingEventRecord[] = [];
  const tasks: AuditTaskItem[] = [];
  audited.forEach(({ plan, findings }, i) => {
    const site = plan.site;
    const before = new Map((stored.get(site.code) ?? []).map((f) => [f.findingKey, f]));
    for (const f of findings) {
      const key = auditFindingKey(f);
      const old = before.get(key);
      const state = fold(key);
      const doc = findingRecord(f, site, state.status, old?.detectedAt ?? now, now);
      if (old === undefined || old.deleted || !sameFinding(withoutFlag(old), doc)) {
        written.push(doc);
        tasks.push({ record: doc, state, withdrawn: false, site });
      }
    }
    for (const f of candidates[i] ?? []) {
      const state = fold(f.findingKey);
      const record = withoutFlag(f);
      if (state.status === 'corrected' && resolvedByReaudit(auditFindingOfRecord(record), state, findings)) {
        const event = closedEvent(record, now);
        closed.push(event);
        const after = foldAuditFinding(f.findingKey, [...state.history, toAuditFindingEvent(event)]);
        const doc = { ...record, status: after.status, ongoing: false, updatedAt: now };
        written.push(doc);
        tasks.push({ record: doc, state: after, withdrawn: false, site });
      } else if (state.history.length === 0) {
        const doc = { ...record, ongoing: false, updatedAt: now };
        withdrawn.push(doc);
        tasks.push({ record: doc, state, withdrawn: true, site });
      }
    }
  });

  await tx.query(
    `insert into audit_cursors (site_code, division_code, stream_from, horizon, cursor, day_horizon, day_cursor, updated_at)
     select x.site_code, x.division_code, x.stream_from, x.horizon, x.cursor, x.day_horizon, x.day_cursor, $2
     from jsonb_to_recordset($1::jsonb) as x(site_code text, division_code text, stream_from bigint, horizon bigint,
       cursor jsonb, day_horizon bigint, day_cursor jsonb)
     on conflict (site_code) do update set division_code = excluded.division_code, stream_from = excluded.stream_from,
       horizon = excluded.horizon, cursor = excluded.cursor, day_horizon = excluded.day_horizon,
       day_cursor = excluded.day_cursor, updated_at = excluded.updated_at`,
    [
      JSON.stringify(
        audited.map((a) => ({
          site_code: a.plan.site.code,
          division_code: a.plan.site.divisionCode,
          stream_from: a.plan.streamFrom,
          horizon: now,
          cursor: a.cursor,
          day_horizon: a.day?.horizon ?? null,
          day_cursor: a.day?.cursor ?? null,
        })),
      ),
      now,
    ],
  );
  const siteIdOf = (f: AuditFindingRecord) => f.siteId;
  await putAuditRecords(
    tx,
    auditFindingsCollection,
    written.map((doc) => ({ doc, siteId: siteIdOf(doc) })),
    now,
  );
  await putAuditRecords(
    tx,
    auditFindingsCollection,
    withdrawn.map((doc) => ({ doc, siteId: siteIdOf(doc) })),
    now,
    true,
  );
  await putAuditRecords(
    tx,
    auditFindingEventsCollection,
    closed.map((doc) => ({ doc, siteId: sites.get(doc.siteCode)?.id ?? null })),
    now,
  );
  const t = await syncAuditTasks(tx, tasks, policy, now);
  report.sites += audited.length;
  report.findingsWritten += written.length - closed.length;
  report.findingsClosed += closed.length;
  report.findingsWithdrawn += withdrawn.length;
  report.tasksCreated += t.created;
  report.tasksClosed += t.closed;
  return marks.length;
}

/**
 * Audits the sites marked dirty, a batch per transaction, until none is left (or `maxSites`), judged
 * at `now`. A batch that fails leaves its marks in place (its transaction rolls back).
 */
export async function auditDirtySites(
  db: Database,
  now: number,
  options: AuditRunOptions = {},
): Promise<AuditRunReport> {
  const report = newAuditRunReport();
  const policy = options.policy ?? (await getPolicy(db));
  const batch = options.batchSites ?? 200;
  const max = options.maxSites ?? Infinity;
  let taken = 0;
  while (taken < max) {
    const n = await scoped(
      db,
      'all',
      (tx) =>
        auditBatch(
          tx,
          { limit: Math.min(batch, max - taken), onlySites: options.onlySites ?? null },
          now,
          policy,
          report,
        ),
      // Compiling the batch's large read cost more than running it (JIT, on PostgreSQL).
      { jit: 'off' },
    );
    if (n === 0) {
      break;
    }
    taken += n;
  }
  return report;
}

/**
 * Marks every audited site whose horizon is older than `staleMs` (default an hour), so slots that
 * stayed empty are judged missing although no value arrives to mark the site.
 */
export async function markDueSites(db: Database, now: number, staleMs = 3_600_000): Promise<number> {
  return scoped(db, 'all', async (tx) => {
    const { rows } = await tx.query<{ n: string }>(
      `with due as (
         insert into audit_dirty (site_code, division_code, earliest, marked_at)
         select site_code, division_code, horizon, $1::bigint from audit_cursors where horizon <= $1::bigint - $2::bigint
         on conflict (site_code) do nothing
         returning 1)
       select count(*)::text as n from due`,
      [now, staleMs],
    );
    return Number(rows[0]?.n ?? 0);
  });
}
