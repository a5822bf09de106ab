/**
 * Geometry of the data-audit chart (one element of one site over time, the finding's window marked):
 * pure scales and ticks, so the picture is tested without a browser.
 */
export type ChartPoint = { readonly time: number; readonly value: number };

export type ChartBox = {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
};

export type ChartScales = {
  readonly x: (time: number) => number;
  readonly y: (value: number) => number;
  readonly from: number;
  readonly to: number;
  readonly min: number;
  readonly max: number;
};

/**
 * Scales that show every point and the whole window: time across, values up, with 5 % headroom; a
 * flat series gets a band around its value so it is drawn in the middle, not on an edge.
 */
export function chartScales(
  box: ChartBox,
  points: readonly ChartPoint[],
  window: { readonly from: number; readonly to: number },
  extraValues: readonly number[] = [],
): ChartScales {
  const times = [window.from, window.to, ...points.map((p) => p.time)];
  const values = [...points.map((p) => p.value), ...extraValues].filter((v) => Number.isFinite(v));
  let from = Math.min(...times);
  let to = Math.max(...times);
  if (to === from) {
    from -= 3_600_000;
    to += 3_600_000;
  }
  let min = values.length === 0 ? 0 : Math.min(...values);
  let max = values.length === 0 ? 1 : Math.max(...values);
  if (max === min) {
    const band = Math.abs(min) * 0.1 || 1;
    min -= band;
    max += band;
  } else {
    const head = (max - min) * 0.05;
    min -= head;
    max += head;
  }
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  return {
    from,
    to,
    min,
    max,
    x: (time) => box.left + ((time - from) / (to - from)) * plotW,
    y: (value) => box.top + (1 - (value - min) / (max - min)) * plotH,
  };
}

/** About `count` round tick values between min and max (1, 2 or 5 × a power of ten apart). */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) {
    return [min];
  }
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(12)));
  }
  return ticks;
}

/** The polyline of a series; a gap longer than `gapMs` breaks the line (nothing arrived there). */
export function seriesPaths(points: readonly ChartPoint[], s: ChartScales, gapMs: number): string[] {
  const paths: string[] = [];
  let current: string[] = [];
  let last: number | null = null;
  for (const p of [...points].sort((a, b) => a.time - b.time)) {
    if (last !== null && p.time - last > gapMs && current.length > 0) {
      paths.push(current.join(' '));
      current = [];
    }
    current.push(`${current.length === 0 ? 'M' : 'L'}${s.x(p.time).toFixed(1)},${s.y(p.value).toFixed(1)}`);
    last = p.time;
  }
  if (current.length > 0) {
    paths.push(current.join(' '));
  }
  return paths;
}
