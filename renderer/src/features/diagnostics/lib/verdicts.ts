import type { TFunction } from 'i18next';
import { reconcile, type ReconcileResult } from '#shared/diagnostics/reconcile';
import { snapshotDrift, type RtuSnapshot } from '#shared/diagnostics/rtu-snapshot';
import type { LastValue, SiteHealth } from '#shared/domain/index';
import type { CounterSwap } from '#shared/verdicts/index';
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
  swaps: readonly CounterSwap[] = [],
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
    swaps,
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
        message: driftLine(
          t,
          (k) => t(k) !== k,
          `rtu.drift.${d.reason}`,
          d.field,
          d.unit,
          d.current,
          d.expected,
        ),
        code: `rtu.drift.${d.reason}`,
        params: { current: d.current, expected: d.expected ?? '', field: d.field, unit: d.unit ?? '' },
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
    const unit = String(params['unit'] ?? '');
    const expected = String(params['expected'] ?? '');
    return driftLine(
      t,
      knows,
      code,
      String(params['field'] ?? ''),
      unit === 's' || unit === 'min' ? unit : null,
      String(params['current'] ?? ''),
      expected === '' ? null : expected,
    );
  }
  return t(code);
}

/**
 * One drift value in the reader's language: a quantity with its unit from the catalog ("180 秒" /
 * "180 s"), a work mode by its name ("调试/维修" / "Debug / maintenance"), anything else as stored (a
 * number, an alarm code, or the text an older version saved).
 */
export function driftValue(
  t: (key: string) => string,
  knows: (key: string) => boolean,
  field: string,
  unit: 's' | 'min' | null,
  value: string,
): string {
  if (unit !== null) {
    return `${value} ${t(`units.${unit}`)}`;
  }
  const mode = `rtu.workModes.${value}`;
  return field === 'workMode' && knows(mode) ? t(mode) : value;
}

function driftLine(
  t: (key: string) => string,
  knows: (key: string) => boolean,
  code: string,
  field: string,
  unit: 's' | 'min' | null,
  current: string,
  expected: string | null,
): string {
  const now = driftValue(t, knows, field, unit, current);
  return `${t(code)}: ${now}${expected === null ? '' : ` / ${driftValue(t, knows, field, unit, expected)}`}`;
}

/** A saved value's name in the reader's language, when the session kept both names. */
export function valueName(value: NamedThing, language: string): string {
  return protocolName(value, language);
}
