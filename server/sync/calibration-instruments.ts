import type { CalibrationRecord } from '#shared/domain/index';
import type { RowRejection } from '#shared/sync/index';
import { scopedStatement } from '../db/scoped';
import type { Checked, PushContext } from './push-context';

function certificateOf(item: Checked): CalibrationRecord | null {
  const calibration = item.record['calibration'];
  return item.record['type'] === 'calibration' && typeof calibration === 'object' && calibration !== null
    ? (calibration as CalibrationRecord)
    : null;
}

/**
 * Keeps the certificates of a push that name an instrument registered at the event's own site; the
 * rest are refused by name. A certificate counts for its instrument in every register (the site page,
 * the province's list, the monthly report), so one filed under another site's instrument would make
 * that instrument look calibrated. The lookup runs under the caller's region: an instrument of another
 * region gets the same answer as one never registered.
 */
export async function calibratedInstruments(
  ctx: PushContext,
  items: readonly Checked[],
  reject: (id: string, code: RowRejection['code'], message: string) => void,
): Promise<Checked[]> {
  const named = [...new Set(items.flatMap((item) => certificateOf(item)?.equipmentId ?? []))];
  if (named.length === 0) {
    return [...items];
  }
  const { rows } = await scopedStatement<{ id: string; site_id: string | null }>(
    ctx.db,
    ctx.principal.scope,
    `select id, site_id from records where collection = 'equipment' and id = any($1::text[])`,
    [named],
  );
  const siteOf = new Map(rows.map((r) => [r.id, r.site_id]));
  return items.filter((item) => {
    const certificate = certificateOf(item);
    if (certificate === null) {
      return true;
    }
    const siteId = item.record['siteId'];
    const at = siteOf.get(certificate.equipmentId);
    if (at === siteId) {
      return true;
    }
    reject(
      item.id,
      'invalid-body',
      at === undefined
        ? `patrol_events ${item.id}: the certificate names instrument ${certificate.equipmentId}, which is not registered in your region`
        : `patrol_events ${item.id}: the certificate names instrument ${certificate.equipmentId} of site ${at}, not of site ${String(siteId)} where it was recorded`,
    );
    return false;
  });
}
