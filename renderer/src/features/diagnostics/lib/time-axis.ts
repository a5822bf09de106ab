/**
 * The polling chart's time axis in the reader's language (uPlot's own labels are English): a day or
 * more between ticks shows dates, otherwise clock times (with seconds when ticks are under a minute
 * apart), and the date goes with the first tick and with each tick on a new day. Pure: the language
 * and the zone (the page's own when omitted) come in.
 */
type Kind = 'date' | 'dateTime' | 'dateTimeSeconds' | 'time' | 'timeSeconds' | 'day';

const options: Record<Kind, Intl.DateTimeFormatOptions> = {
  date: { month: 'short', day: 'numeric' },
  dateTime: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  dateTimeSeconds: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' },
  time: { hour: 'numeric', minute: '2-digit' },
  timeSeconds: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: Kind, locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (f === undefined) {
    const zone = timeZone === undefined ? {} : { timeZone };
    // A 24-hour clock reads 00:05, a 12-hour one 12:05 AM (not 0:05, nor 02:05 PM).
    const h12 =
      new Intl.DateTimeFormat(locale, { hour: 'numeric', ...zone }).resolvedOptions().hour12 === true;
    const hour = 'hour' in options[kind] ? { hour: h12 ? ('numeric' as const) : ('2-digit' as const) } : {};
    f = new Intl.DateTimeFormat(locale, { ...options[kind], ...hour, ...zone });
    cache.set(key, f);
  }
  return f;
}

/** Labels for uPlot's x splits (seconds since epoch) `incrSeconds` apart. */
export function timeAxisLabels(
  splits: readonly number[],
  incrSeconds: number,
  locale: string,
  timeZone?: string,
): string[] {
  if (incrSeconds >= 86_400) {
    const f = formatter('date', locale, timeZone);
    return splits.map((s) => f.format(s * 1000));
  }
  const seconds = incrSeconds < 60;
  const day = formatter('day', locale, timeZone);
  const time = formatter(seconds ? 'timeSeconds' : 'time', locale, timeZone);
  const dated = formatter(seconds ? 'dateTimeSeconds' : 'dateTime', locale, timeZone);
  let previous: string | null = null;
  return splits.map((s) => {
    const ms = s * 1000;
    const today = day.format(ms);
    const label = today === previous ? time.format(ms) : dated.format(ms);
    previous = today;
    return label;
  });
}
