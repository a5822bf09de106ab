import { healthWindowDays, type Site, type SiteHealth } from '#shared/domain/index';
import { countDays, type RawReport } from '#shared/health/counting';
import { addDays, dayOf, dayStart, msPerDay } from '#shared/health/days';
import type { ReportCountRow } from '#shared/sync/index';
import { healthConfigOf } from '#shared/verdicts/policy';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { getPolicy } from '../platform/policy';
import { foldCounts } from '../platform/report-counts';
import { upsertRecords } from '../sync/platform-writes';
import { writeDaySummaries } from './day-summaries';

/**
 * Reporting counts derived from the monitoring values the service stores (received frames, platform
 * files, 补报), folded into the same per-site day counts `reports:ingest` fills (`site_health`), so
 * site health and the audit read the same data. Only days on which a site has stored values are
 * replaced; days known only from ingested counts keep them. The counting rule is the health core's
 * (`countDays`): one report per device time, timely within the interval plus the allowed delay.
 */
export type DerivedCountsReport = { readonly sites: number; readonly days: number };

type ValueRow = { time: string; received_at: string; source: string; elements: string };

/** Stored values of one site as the reports `countDays` counts: one per device time and source. */
function reportsOf(rows: readonly ValueRow[]): RawReport[] {
  return rows.map((r) => {
    const observedAt = Number(r.time);
    // A platform export carries no receipt time: the platform had the value when it was measured.
    const receivedAt = r.source === 'file' ? observedAt : Number(r.received_at);
    return { observedAt, receivedAt, frameValid: true, validValues: Number(r.elements) };
  });
}

export async function deriveReportCounts(
  db: Database,
  siteCodes: readonly string[],
  now: number,
  scope: string,
): Promise<DerivedCountsReport> {
  if (siteCodes.length === 0) {
    return { sites: 0, days: 0 };
  }
  return scoped(db, scope, async (tx) => {
    const config = healthConfigOf(await getPolicy(tx));
    const lastDay = dayOf(now);
    const firstDay = addDays(lastDay, -(healthWindowDays - 1));
    const { rows: siteRows } = await tx.query<{ doc: Site }>(
      `select doc from records where collection = 'sites' and not deleted and doc ->> 'code' = any($1::text[])`,
      [siteCodes],
    );
    const ids = siteRows.map((r) => r.doc.id);
    const { rows: healthRows } = await tx.query<{ doc: SiteHealth }>(
      `select doc from records where collection = 'site_health' and id = any($1::text[])`,
      [ids],
    );
    const before = new Map(healthRows.map((r) => [r.doc.id, r.doc]));
    const docs: SiteHealth[] = [];
    let dayCount = 0;
    for (const { doc: site } of siteRows) {
      const { rows } = await tx.query<ValueRow>(
        `select time::text, min(received_at)::text as received_at, source, count(distinct element)::text as elements
         from monitoring_values where site_code = $1 and time >= $2 and time < $3
         group by time, source`,
        [site.code, dayStart(firstDay), dayStart(lastDay) + msPerDay],
      );
      if (rows.length === 0) {
        continue;
      }
      const reports = reportsOf(rows);
      const withData = new Set(reports.flatMap((r) => [dayOf(r.observedAt), dayOf(r.receivedAt)]));
      const counted = countDays(reports, {
        firstDay,
        days: healthWindowDays,
        intervalMinutes: site.reportIntervalMinutes,
        allowedDelayMinutes: site.allowedDelayMinutes ?? config.allowedDelayMinutes[site.kind],
        elementsConfigured: site.elements.length,
        registeredOn: site.registeredOn,
        clockSkewToleranceMinutes: config.clockSkewToleranceMinutes,
      });
      const lastReportAt = Math.max(...reports.map((r) => r.receivedAt).filter((t) => t <= now));
      const countRows: ReportCountRow[] = counted
        .filter((d) => withData.has(d.day))
        .map((d) => ({
          siteCode: site.code,
          day: d.day,
          expected: d.expected,
          receivedSlots: d.receivedSlots,
          validValues: d.validValues,
          reports: d.reports,
          lastReportAt: Number.isFinite(lastReportAt) ? lastReportAt : null,
        }));
      dayCount += countRows.length;
      docs.push(foldCounts(site, before.get(site.id) ?? null, countRows, now));
    }
    await upsertRecords(tx, 'site_health', docs, now);
    // The same sites' day summaries for laptops, from the same stored values.
    await writeDaySummaries(
      tx,
      siteRows.map((r) => r.doc),
      config,
      now,
    );
    return { sites: docs.length, days: dayCount };
  });
}
