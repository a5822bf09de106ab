/** Times as operators in China read them (Asia/Shanghai), in the console's language. */
export function formatTime(ms: number | null, language: string, never: string): string {
  if (ms === null) {
    return never;
  }
  return new Intl.DateTimeFormat(language, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(ms));
}
