/**
 * The stored history a simulated RTU or logger keeps: every slot has a value except inside the
 * planted gaps (the days a modem was down), so history queries have something to recover and
 * something still missing. Pure; `now` decides the default gap.
 */
export type PlantedGap = { readonly from: number; readonly to: number };

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/** The default: two whole days ending one day before `now` (hour-aligned), as a modem outage leaves. */
export function recentTwoDayGap(now: number): PlantedGap {
  const end = Math.floor(now / hourMs) * hourMs - dayMs;
  return { from: end - 2 * dayMs, to: end };
}

export function inPlantedGap(gaps: readonly PlantedGap[], time: number): boolean {
  return gaps.some((g) => time >= g.from && time < g.to);
}
