import type { Site } from '#shared/domain/index';
import type { HealthConfig } from '#shared/health/config';
import { addDays, dayOf, dayStart, daysBetween, msPerDay } from '#shared/health/days';
import {
  daySummaryWindowDays,
  fromElementDays,
  siteDaySummariesSchema,
  summariseDays,
  toElementDays,
  type DaySummary,
  type SiteDaySummaries,
} from '#shared/monitoring/day-summary';
import { isElementCode, type ElementCode, type ValueSource } from '#shared/monitoring/values';
import type { Tx } from '../db/scoped';

/**
 * The day summaries (`monitoring_day_summaries`) of sites whose data arrived, written in the caller's transaction
 * (`deriveReportCounts`, the one place counts are derived). Incremental: a site's document keeps the
 * days before the earliest device time of the values received since it was last written; only those
 * days onward (and days the rolling window newly takes in) are summarised again from the stored values.
 */

/** Values stored this long before a document's `updatedAt` may still have been in flight then. */
const inFlightMs = 15 * 60_000;

type Row = { element: string; time: string; value: number; source: ValueSource; received_at: string };

export async function writeDaySummaries(
  tx: Tx,
  sites: readonly Site[],
  config: Pick<HealthConfig, 'allowedDelayMinutes' | 'clockSkewToleranceMinutes'>,
  now: number,
): Promise<number> {
  const lastDay = dayOf(now);
  const firstDay = addDays(lastDay, -(daySummaryWindowDays - 1));
  const { rows: stored } = await tx.query<{ doc: SiteDaySummaries }>(
    `select doc from monitoring_day_summaries where site_code = any($1::text[])`,
    [sites.map((s) => s.code)],
  );
  const before = new Map(stored.map((r) => [r.doc.siteCode, r.doc]));
  const docs: SiteDaySummaries[] = [];
  for (const site of sites) {
    const previous = before.get(site.code) ?? null;
    const from = await recomputeFrom(tx, site.code, previous, firstDay, lastDay);
    if (from === null) {
      continue;
    }
    const { rows } = await tx.query<Row>(
      `select element, time::text, value, source, received_at::text from monitoring_values
       where site_code = $1 and time >= $2 and time < $3`,
      [site.code, dayStart(from), dayStart(lastDay) + msPerDay],
    );
    if (rows.length === 0 && previous === null) {
      continue;
    }
    const byElement = new Map<ElementCode, Row[]>();
    for (const r of rows) {
      if (isElementCode(r.element)) {
        byElement.set(r.element, [...(byElement.get(r.element) ?? []), r]);
      }
    }
    const elements = new Set<ElementCode>([
      ...site.elements.filter(isElementCode),
      ...(previous?.elements.map((e) => e.element) ?? []),
      ...byElement.keys(),
    ]);
    const options = {
      firstDay: from,
      days: daysBetween(from, lastDay) + 1,
      intervalMinutes: site.reportIntervalMinutes,
      allowedDelayMinutes: site.allowedDelayMinutes ?? config.allowedDelayMinutes[site.kind],
      registeredOn: site.registeredOn,
      clockSkewToleranceMinutes: config.clockSkewToleranceMinutes,
    };
    const kept = (element: ElementCode): DaySummary[] => {
      const old = previous?.elements.find((e) => e.element === element);
      return old === undefined || previous === null
        ? summariseDays([], { ...options, firstDay, days: daysBetween(firstDay, from) })
        : fromElementDays(previous.firstDay, old, firstDay, addDays(from, -1));
    };
    docs.push({
      siteCode: site.code,
      divisionCode: site.divisionCode,
      firstDay,
      elements: [...elements].sort().map((element) => {
        const fresh = summariseDays(
          (byElement.get(element) ?? []).map((r) => ({
            time: Number(r.time),
            value: r.value,
            source: r.source,
            receivedAt: Number(r.received_at),
          })),
          options,
        );
        return toElementDays(element, [...(from > firstDay ? kept(element) : []), ...fresh]);
      }),
      updatedAt: now,
    });
  }
  return storeDaySummaries(tx, docs, before);
}

/** Writes the documents that changed (beyond `updatedAt`); a laptop fetches only those again. */
async function storeDaySummaries(
  tx: Tx,
  docs: readonly SiteDaySummaries[],
  before: ReadonlyMap<string, SiteDaySummaries>,
): Promise<number> {
  const changed = docs.filter((doc) => {
    const old = before.get(doc.siteCode);
    return (
      old === undefined ||
      JSON.stringify({ ...old, updatedAt: 0 }) !== JSON.stringify({ ...doc, updatedAt: 0 })
    );
  });
  for (const doc of changed) {
    const valid = siteDaySummariesSchema.safeParse(doc);
    if (!valid.success) {
      throw new Error(`day summaries of ${doc.siteCode} refused: ${valid.error.message}`);
    }
  }
  for (let i = 0; i < changed.length; i += 500) {
    const batch = changed.slice(i, i + 500);
    await tx.query(
      `insert into monitoring_day_summaries (site_code, division_code, doc, updated_at)
       select x.doc ->> 'siteCode', x.doc ->> 'divisionCode', x.doc, (x.doc ->> 'updatedAt')::bigint
       from jsonb_array_elements($1::jsonb) as x(doc)
       on conflict (site_code) do update set doc = excluded.doc, division_code = excluded.division_code,
         updated_at = excluded.updated_at`,
      [JSON.stringify(batch)],
    );
  }
  return changed.length;
}

/**
 * The first day to summarise again: the whole window for a site without a document (or one whose
 * window is not a prefix-compatible earlier one); else the earliest day of values received since the
 * document was written, or the first day the document does not hold yet; null when neither exists.
 */
async function recomputeFrom(
  tx: Tx,
  siteCode: string,
  previous: SiteDaySummaries | null,
  firstDay: string,
  lastDay: string,
): Promise<string | null> {
  const held = previous?.elements[0]?.expected.length ?? 0;
  if (previous === null || previous.firstDay > firstDay || held === 0) {
    return firstDay;
  }
  const { rows } = await tx.query<{ earliest: string | null }>(
    `select min(time)::text as earliest from monitoring_values
     where site_code = $1 and received_at >= $2 and time < $3`,
    [siteCode, previous.updatedAt - inFlightMs, dayStart(lastDay) + msPerDay],
  );
  const changed = rows[0]?.earliest == null ? null : dayOf(Number(rows[0].earliest));
  const unheld = addDays(previous.firstDay, held);
  const from = [changed, unheld <= lastDay ? unheld : null].filter((d): d is string => d !== null).sort()[0];
  return from === undefined ? null : from < firstDay ? firstDay : from;
}
