import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElementCode, MonitoredValue } from '../../monitoring/values';
import { simulateCleanSeries } from '../../monitoring/simulate-series';
import { demoPolicy } from '../policy';
import { auditChunk, auditSeries, startAudit, type AuditCursor } from './audit-site';
import { hourMs, t0, testSite } from './audit-testing';
import { mergeFindings, type AuditFinding } from './finding';

const kinds = [
  ['intake', ['flow', 'volume'], 60],
  [
    'source_quality',
    ['ph', 'do', 'codmn', 'nh3n', 'tp', 'tn', 'turbidity', 'conductivity', 'temperature', 'cod'],
    240,
  ],
  ['boundary_section', ['level', 'flow', 'velocity'], 60],
] as const;

describe('a clean series', () => {
  it('yields no finding, whatever the seed, the kind and the length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 24 * 14 }),
        (seed, [kind, elements, interval], slots) => {
          const site = testSite(elements, { kind, reportIntervalMinutes: interval });
          const values = simulateCleanSeries({
            siteCode: site.code,
            elements,
            from: t0,
            slots,
            intervalMinutes: interval,
            seed,
          });
          const r = auditSeries({
            site,
            values,
            from: t0,
            to: t0 + slots * interval * 60_000,
            policy: demoPolicy,
            now: t0 + 10_000 * hourMs,
          });
          expect(r).toEqual({ ok: true, value: [] });
        },
      ),
      { numRuns: 150 },
    );
  });
});

const anomalyKinds = [
  'drop',
  'duplicate',
  'spike',
  'negative',
  'constant',
  'decrease',
  'clock',
  'backfill',
  'range',
] as const;
type Anomaly = { kind: (typeof anomalyKinds)[number]; element: ElementCode; at: number; length: number };

/** Plants anomalies into a clean series (each over `length` slots from `at`). */
function plant(clean: readonly MonitoredValue[], anomalies: readonly Anomaly[]): MonitoredValue[] {
  let values = [...clean];
  for (const a of anomalies) {
    const inWindow = (v: MonitoredValue) =>
      v.element === a.element && v.time >= t0 + a.at * hourMs && v.time < t0 + (a.at + a.length) * hourMs;
    const first = values.find(inWindow);
    switch (a.kind) {
      case 'drop':
        values = values.filter((v) => !inWindow(v));
        break;
      case 'duplicate':
        values = [
          ...values,
          ...values.filter(inWindow).map((v) => ({ ...v, value: v.value + 1, source: 'file' as const })),
        ];
        break;
      case 'backfill':
        values = [
          ...values,
          ...values
            .filter(inWindow)
            .map((v) => ({ ...v, value: v.value * 0.99, source: 'backfill' as const })),
        ];
        break;
      case 'spike':
        values = values.map((v) => (inWindow(v) ? { ...v, value: v.value * 3 + 5 } : v));
        break;
      case 'negative':
        values = values.map((v) => (inWindow(v) ? { ...v, value: -1 - v.value } : v));
        break;
      case 'range':
        values = values.map((v) => (inWindow(v) ? { ...v, value: 1e13 } : v));
        break;
      case 'constant':
        values = values.map((v) => (inWindow(v) && first !== undefined ? { ...v, value: first.value } : v));
        break;
      case 'decrease':
        values = values.map((v) => (inWindow(v) ? { ...v, value: v.value - 500 } : v));
        break;
      case 'clock':
        values = values.map((v) => (inWindow(v) ? { ...v, receivedAt: v.time - 3 * hourMs } : v));
        break;
    }
  }
  return values;
}

describe('the incremental audit', () => {
  it('gives the same findings as a full run once later findings are stored over earlier ones by key', () => {
    const hours = 24 * 6;
    const elements: ElementCode[] = ['flow', 'volume', 'ph'];
    const site = testSite(elements);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(
          fc.record({
            kind: fc.constantFrom(...anomalyKinds),
            element: fc.constantFrom(...elements),
            at: fc.integer({ min: 0, max: hours - 1 }),
            length: fc.integer({ min: 1, max: 40 }),
          }),
          { maxLength: 8 },
        ),
        // Chunk ends in minutes: slot-aligned or not.
        fc.uniqueArray(fc.integer({ min: 1, max: hours * 60 - 1 }), { maxLength: 6 }),
        fc.integer({ min: hours - 30, max: hours + 10 }),
        (seed, anomalies, cuts, nowHour) => {
          const clean = simulateCleanSeries({
            siteCode: site.code,
            elements,
            from: t0,
            slots: hours,
            intervalMinutes: 60,
            seed,
          });
          const values = plant(clean, anomalies);
          const now = t0 + nowHour * hourMs;
          const to = t0 + hours * hourMs;
          const full = auditSeries({ site, values, from: t0, to, policy: demoPolicy, now });
          if (!full.ok) {
            throw new Error(full.error.message);
          }
          let cursor: AuditCursor = startAudit(site, t0);
          let merged: AuditFinding[] = [];
          const ends = [...cuts.sort((a, b) => a - b).map((m) => t0 + m * 60_000), to];
          for (const end of ends) {
            const chunk = values.filter((v) => v.time >= cursor.horizon && v.time < end);
            const r = auditChunk({ site, values: chunk, policy: demoPolicy, now, cursor, to: end });
            if (!r.ok) {
              throw new Error(r.error.message);
            }
            merged = mergeFindings(merged, r.value.findings);
            cursor = r.value.cursor;
          }
          expect(merged).toEqual(mergeFindings([], full.value));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves the cursor it was given unchanged and refuses chunks that do not follow it', () => {
    const site = testSite(['ph']);
    const values = simulateCleanSeries({
      siteCode: 'S1',
      elements: ['ph'],
      from: t0,
      slots: 48,
      intervalMinutes: 60,
      seed: 7,
    });
    const first = auditChunk({
      site,
      values: values.slice(0, 24),
      policy: demoPolicy,
      now: t0 + 100 * hourMs,
      cursor: startAudit(site, t0),
      to: t0 + 24 * hourMs,
    });
    if (!first.ok) {
      throw new Error(first.error.message);
    }
    const before = JSON.stringify(first.value.cursor);
    const again = auditChunk({
      site,
      values: values.slice(24),
      policy: demoPolicy,
      now: t0 + 100 * hourMs,
      cursor: first.value.cursor,
      to: t0 + 48 * hourMs,
    });
    expect(again.ok).toBe(true);
    expect(JSON.stringify(first.value.cursor)).toBe(before);
    const old = auditChunk({
      site,
      values: values.slice(0, 24),
      policy: demoPolicy,
      now: t0 + 100 * hourMs,
      cursor: first.value.cursor,
      to: t0 + 48 * hourMs,
    });
    expect(old).toMatchObject({ ok: false, error: { code: 'value-outside-chunk' } });
    const back = auditChunk({
      site,
      values: [],
      policy: demoPolicy,
      now: t0,
      cursor: first.value.cursor,
      to: t0,
    });
    expect(back).toMatchObject({ ok: false, error: { code: 'chunk-before-horizon' } });
    const other = auditChunk({
      site: { ...site, code: 'S2' },
      values: [],
      policy: demoPolicy,
      now: t0,
      cursor: first.value.cursor,
      to: t0 + 48 * hourMs,
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'wrong-site' } });
  });
});
