/** Dates and numbers for crews: Asia/Shanghai unless the user chose another zone. */
export const defaultTimeZone = 'Asia/Shanghai';

export function formatDateTime(
  value: Date | number | string,
  language: string,
  timeZone = defaultTimeZone,
): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '—';
  }
  return new Intl.DateTimeFormat(language, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

export function formatPercent(ratio: number | null, language: string, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) {
    return '—';
  }
  return new Intl.NumberFormat(language, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}
