import type { TFunction } from 'i18next';
import { reconcile, type ReconcileResult } from '../../../../../shared/diagnostics/reconcile';
import { snapshotDrift, type RtuSnapshot } from '../../../../../shared/diagnostics/rtu-snapshot';
import type { LastValue, SiteHealth } from '../../../../../shared/domain/index';
import type { Workbench } from './workbench';

/** The platform's last cumulative volume for the site (element `volume`), if it has one. */
export function platformVolume(health: SiteHealth | null): LastValue | null {
  return health?.lastValues.find((v) => v.element === 'volume') ?? null;
}

export function reconcileOf(
  w: Workbench,
  health: SiteHealth | null,
  manualMeter: number | null,
): ReconcileResult | null {
  const meter =
    manualMeter !== null
      ? { value: manualMeter, unit: 'm³', at: Date.now() }
      : w.reading?.cumulative
        ? { ...w.reading.cumulative, at: w.reading.at }
        : null;
  if (meter === null) {
    return null;
  }
  const platform = platformVolume(health);
  return reconcile({
    meter,
    platform: platform === null ? null : { value: platform.value, unit: platform.unit, at: platform.at },
    flowRatePerHour: w.reading?.flowRatePerHour ?? null,
  });
}

export type Verdict = { rule: string; outcome: 'ok' | 'warning' | 'fault'; message: string };

/** Verdicts of the visit in the crew's language (stored as text in the session). */
export function sessionVerdicts(
  t: TFunction,
  w: Workbench,
  rec: ReconcileResult | null,
  snapshot: RtuSnapshot | null,
  previous: RtuSnapshot | null,
): Verdict[] {
  const out: Verdict[] = [];
  if (w.detect !== null) {
    out.push({
      rule: 'autodetect',
      outcome: w.detect.found.length > 0 ? 'ok' : 'fault',
      message: w.detect.found.length > 0 ? t('verdicts.detectFound') : t('verdicts.detectNone'),
    });
  }
  if (rec !== null) {
    out.push({
      rule: 'reconcile.volume',
      outcome: rec.outcome,
      message: rec.reasons.map((r) => t(`reconcile.reasons.${r}`)).join('; '),
    });
  }
  if (snapshot !== null) {
    const drift = snapshotDrift(
      snapshot,
      { reportIntervalMinutes: w.site?.reportIntervalMinutes ?? null },
      previous,
    );
    out.push(
      ...drift.map((d) => ({
        rule: `rtu.${d.key}`,
        outcome: d.severity,
        message: `${t(`rtu.drift.${d.reason}`)}: ${d.current}${d.expected ? ` / ${d.expected}` : ''}`,
      })),
    );
    if (drift.length === 0) {
      out.push({ rule: 'rtu.config', outcome: 'ok', message: t('rtu.noDrift') });
    }
  }
  return out;
}
