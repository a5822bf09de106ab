import type { TFunction } from 'i18next';
import { reconcile, type ReconcileResult } from '../../../../../shared/diagnostics/reconcile';
import { snapshotDrift, type RtuSnapshot } from '../../../../../shared/diagnostics/rtu-snapshot';
import type { LastValue, SiteHealth } from '../../../../../shared/domain/index';
import { protocolName, type NamedThing } from './protocol-names';
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

const reconcileCode = 'reconcile.reasons';

export type Verdict = {
  rule: string;
  outcome: 'ok' | 'warning' | 'fault';
  /** The text in the saving crew's language (older readers show this). */
  message: string;
  /** Catalogue key and parameters: `verdictText` renders them in the reader's language. */
  code?: string;
  params?: Record<string, string | number>;
};

/**
 * Verdicts of the visit: each with its catalogue code and parameters, and the text in the crew's
 * language as well (what a version without the code shows).
 */
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
      code: w.detect.found.length > 0 ? 'verdicts.detectFound' : 'verdicts.detectNone',
    });
  }
  if (rec !== null) {
    out.push({
      rule: 'reconcile.volume',
      outcome: rec.outcome,
      message: rec.reasons.map((r) => t(`reconcile.reasons.${r}`)).join('; '),
      code: reconcileCode,
      params: { reasons: rec.reasons.join(',') },
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
        code: `rtu.drift.${d.reason}`,
        params: { current: d.current, expected: d.expected ?? '' },
      })),
    );
    if (drift.length === 0) {
      out.push({ rule: 'rtu.config', outcome: 'ok', message: t('rtu.noDrift'), code: 'rtu.noDrift' });
    }
  }
  return out;
}

/**
 * A saved verdict in the reader's language: from its catalogue code when this version knows every key
 * it needs, otherwise the text it was saved with (a session from an older or newer version).
 */
export function verdictText(
  t: (key: string) => string,
  knows: (key: string) => boolean,
  verdict: Pick<Verdict, 'message' | 'code' | 'params'>,
): string {
  const { code, params = {} } = verdict;
  if (code === undefined) {
    return verdict.message;
  }
  if (code === reconcileCode) {
    const keys = String(params['reasons'] ?? '')
      .split(',')
      .filter((r) => r !== '')
      .map((r) => `reconcile.reasons.${r}`);
    return keys.length > 0 && keys.every(knows) ? keys.map((k) => t(k)).join('; ') : verdict.message;
  }
  if (!knows(code)) {
    return verdict.message;
  }
  if (code.startsWith('rtu.drift.')) {
    const expected = String(params['expected'] ?? '');
    return `${t(code)}: ${String(params['current'] ?? '')}${expected ? ` / ${expected}` : ''}`;
  }
  return t(code);
}

/** A saved value's name in the reader's language, when the session kept both names. */
export function valueName(value: NamedThing, language: string): string {
  return protocolName(value, language);
}
