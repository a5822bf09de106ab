// The naive peer of `npm run bench:audit`: the same audit rules written the obvious way — the whole
// series in memory at once, slots found through a set, each spike judged by sorting its window (and its
// deviations) afresh, each counter interval integrating flow by filtering every flow value. No cursor,
// no incremental form. Findings are (rule, element, from, to) only, to compare counts with the core.
import type { ElementCode, MonitoredValue } from '#shared/monitoring/values';
import type { AuditRule, AuditSite, ProvincePolicy } from '#shared/verdicts/index';

export type NaiveFinding = { rule: AuditRule; element: ElementCode; from: number; to: number };
type P = { time: number; value: number };

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Consecutive flags → windows. */
function runs(points: readonly P[], fires: (i: number) => boolean, rule: AuditRule, element: ElementCode) {
  const out: NaiveFinding[] = [];
  let start = -1;
  points.forEach((_point, i) => {
    if (fires(i)) {
      start = start < 0 ? i : start;
    } else if (start >= 0) {
      out.push({ rule, element, from: (points[start] as P).time, to: (points[i - 1] as P).time });
      start = -1;
    }
  });
  if (start >= 0) {
    out.push({ rule, element, from: (points[start] as P).time, to: (points[points.length - 1] as P).time });
  }
  return out;
}

function spikes(points: readonly P[], policy: ProvincePolicy, element: ElementCode, counter: boolean) {
  const sp = policy.audit.spike;
  const rest = counter || policy.audit.zeroIsRest.includes(element);
  const ref: number[] = [];
  let pending: P[] = [];
  const out: NaiveFinding[] = [];
  for (const p of points) {
    const window = ref.slice(-sp.window);
    const enough = window.length >= sp.minSamples;
    const med = enough ? median(window) : 0;
    const judged = enough && !(rest && (p.value === 0 || med === 0));
    let deviates = false;
    if (judged) {
      const mad = median(window.map((x) => Math.abs(x - med)));
      const scale = Math.max(1.4826 * mad, sp.relativeFloor * Math.abs(med), sp.absoluteFloor[element] ?? 0);
      const d = counter ? p.value - med : Math.abs(p.value - med);
      deviates = scale > 0 ? d > sp.k * scale : d > 0;
    }
    if (deviates) {
      pending.push(p);
      if (pending.length > sp.maxLength) {
        ref.push(...pending.map((c) => c.value));
        pending = [];
      }
      continue;
    }
    if (pending.length > 0) {
      if (judged) {
        out.push({
          rule: 'spike',
          element,
          from: (pending[0] as P).time,
          to: (pending[pending.length - 1] as P).time,
        });
      } else {
        ref.push(...pending.map((c) => c.value));
      }
      pending = [];
    }
    ref.push(p.value);
  }
  return out;
}

export function naiveAudit(
  site: AuditSite,
  values: readonly MonitoredValue[],
  from: number,
  to: number,
  policy: ProvincePolicy,
  now: number,
): NaiveFinding[] {
  const a = policy.audit;
  const out: NaiveFinding[] = [];
  const interval = (site.reportIntervalMinutes ?? a.slotMinutes[site.kind]) * 60_000;
  const delay = (site.allowedDelayMinutes ?? policy.allowedDelayMinutes[site.kind]) * 60_000;
  const accepted = new Map<ElementCode, P[]>();
  const elements = [...new Set([...site.elements, ...values.map((v) => v.element)])];
  for (const element of elements) {
    const mine = values.filter((v) => v.element === element).sort((x, y) => x.time - y.time);
    const wrong = (v: MonitoredValue) =>
      v.time - v.receivedAt > policy.clockSkewToleranceMinutes * 60_000 ||
      (v.source === 'receiver' && v.receivedAt - v.time > a.pastToleranceDays * 86_400_000);
    const byTime = new Map<number, MonitoredValue[]>();
    for (const v of mine.filter((x) => !wrong(x))) {
      byTime.set(v.time, [...(byTime.get(v.time) ?? []), v]);
    }
    const times = [...byTime.keys()].sort((x, y) => x - y);
    const stamps = times.map((t) => ({ time: t, value: 0 }));
    out.push(
      ...runs(
        stamps,
        (i) => (byTime.get(times[i] as number) ?? []).filter((v) => v.source !== 'backfill').length > 1,
        'duplicate',
        element,
      ),
    );
    const chosen: P[] = times.map((t) => {
      const vs = byTime.get(t) ?? [];
      const fix = vs.filter((v) => v.source === 'backfill').sort((x, y) => y.receivedAt - x.receivedAt)[0];
      const orig = vs.filter((v) => v.source !== 'backfill').sort((x, y) => x.receivedAt - y.receivedAt)[0];
      return { time: t, value: (fix ?? orig ?? { value: 0 }).value };
    });
    if (site.elements.includes(element)) {
      const filled = new Set(times.map((t) => Math.floor(t / interval)));
      const slots: P[] = [];
      const limit = Math.min(Math.floor(to / interval), Math.floor((now - delay) / interval));
      for (let k = Math.ceil(from / interval); k < limit; k += 1) {
        slots.push({ time: k * interval, value: filled.has(k) ? 0 : 1 });
      }
      out.push(...runs(slots, (i) => (slots[i] as P).value === 1, 'missing', element));
    }
    const neg = (p: P) => a.nonNegative.includes(element) && p.value < 0;
    const oor = (p: P) => !neg(p) && (p.value < a.ranges[element].min || p.value > a.ranges[element].max);
    out.push(...runs(chosen, (i) => neg(chosen[i] as P), 'negative', element));
    out.push(...runs(chosen, (i) => oor(chosen[i] as P), 'out_of_range', element));
    const ok = chosen.filter((p) => !neg(p) && !oor(p));
    accepted.set(element, ok);
    const windowH = a.constantWindowHours[element];
    if (windowH !== undefined) {
      let s = 0;
      for (let i = 1; i <= ok.length; i += 1) {
        const same =
          i < ok.length &&
          (ok[i] as P).value === (ok[s] as P).value &&
          !(a.zeroIsRest.includes(element) && (ok[s] as P).value === 0);
        if (!same) {
          if (
            (ok[i - 1] as P).time - (ok[s] as P).time >= windowH * 3_600_000 &&
            !(a.zeroIsRest.includes(element) && (ok[s] as P).value === 0)
          ) {
            out.push({ rule: 'constant', element, from: (ok[s] as P).time, to: (ok[i - 1] as P).time });
          }
          s = i;
        }
      }
    }
    if (a.cumulative.includes(element)) {
      const down = (i: number) =>
        i > 0 && i < ok.length && (ok[i] as P).value < (ok[i - 1] as P).value - a.decreaseTolerance;
      const steps = ok.map((p, i) => ({ time: p.time, value: down(i) || down(i + 1) ? 1 : 0 }));
      out.push(...runs(steps, (i) => (steps[i] as P).value === 1, 'cumulative_decrease', element));
      const rates = ok.flatMap((p, i) =>
        i === 0 || down(i)
          ? []
          : [
              {
                time: p.time,
                value: (p.value - (ok[i - 1] as P).value) / ((p.time - (ok[i - 1] as P).time) / 3_600_000),
              },
            ],
      );
      out.push(...spikes(rates, policy, element, true));
    } else {
      out.push(...spikes(ok, policy, element, false));
    }
  }
  const m = a.flowMismatch;
  const vols = accepted.get(m.volume) ?? [];
  const flows = accepted.get(m.flow) ?? [];
  if (flows.length > 0) {
    const bad = vols.map((v, i) => {
      const prev = vols[i - 1];
      if (
        prev === undefined ||
        v.time - prev.time > m.maxGapMinutes * 60_000 ||
        v.value < prev.value - a.decreaseTolerance
      ) {
        return false;
      }
      const span = flows.filter((f) => f.time >= prev.time && f.time <= v.time);
      if (span[0]?.time !== prev.time || span[span.length - 1]?.time !== v.time) {
        return false;
      }
      let e = 0;
      for (let j = 1; j < span.length; j += 1) {
        e +=
          (((span[j - 1] as P).value + (span[j] as P).value) / 2) *
          (((span[j] as P).time - (span[j - 1] as P).time) / 3_600_000);
      }
      const inc = v.value - prev.value;
      return Math.abs(inc - e) > Math.max(m.absTolerance, m.relTolerance * Math.max(inc, e));
    });
    const steps = vols.map((v, i) => ({ time: v.time, value: bad[i] || bad[i + 1] ? 1 : 0 }));
    out.push(...runs(steps, (i) => (steps[i] as P).value === 1, 'cumulative_flow_mismatch', m.volume));
  }
  return out;
}
