/**
 * Calendar arithmetic in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991), so month and
 * day boundaries of reports are the crews' and the platform's, whatever zone the machine is in.
 */
const offsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of an instant in Asia/Shanghai. */
export function dayOf(ms: number): string {
  const d = new Date(ms + offsetMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM` of an instant in Asia/Shanghai. */
export function monthOf(ms: number): string {
  return dayOf(ms).slice(0, 7);
}

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export function dateTimeOf(ms: number): string {
  const d = new Date(ms + offsetMs);
  return `${dayOf(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** ISO 8601 with the +08:00 offset, e.g. `2026-11-25T17:04:05+08:00`. */
export function isoShanghai(ms: number): string {
  const d = new Date(ms + offsetMs);
  return `${dayOf(ms)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}

/** Start of a Shanghai day as epoch ms. */
export function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) - offsetMs;
}

export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** [start, end) of a `YYYY-MM` month in Asia/Shanghai, and its days. */
export function monthRange(month: string): {
  readonly start: number;
  readonly end: number;
  readonly days: number;
} {
  if (!monthPattern.test(month)) {
    throw new Error(`not a month: ${month}`);
  }
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) - offsetMs;
  const end = Date.UTC(y, m, 1) - offsetMs;
  return { start, end, days: Math.round((end - start) / dayMs) };
}

/** The month before a `YYYY-MM` month. */
export function previousMonth(month: string): string {
  const { start } = monthRange(month);
  return monthOf(start - 1);
}

/**
 * Local wall-clock fields (EXIF `2026:11:25 17:04:05`, no zone) read as Asia/Shanghai unless an offset
 * such as `+08:00` is given. Returns null for a malformed or impossible time.
 */
export function parseWallClock(value: string, offset?: string | null): number | null {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (m === null) {
    return null;
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return null;
  }
  const o = offset ? /^([+-])(\d{2}):?(\d{2})$/.exec(offset.trim()) : null;
  const zone = o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) * 60_000 : offsetMs;
  return Date.UTC(y, mo - 1, d, h, mi, s) - zone;
}
