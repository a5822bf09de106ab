/**
 * diagnostic_sessions v3 → v2: a v2 app has no place for a 补报 batch. The frames and values it
 * recovered stay with the service; the session's summary says what the batch was, so a crew on an old
 * app still sees that a 补报 happened here (window, values recovered, slots still missing).
 */
export function diagnosticSessionV3Down(doc: Record<string, unknown>): Record<string, unknown> {
  const { backfill, ...rest } = doc;
  if (backfill === undefined || backfill === null || typeof backfill !== 'object') {
    return rest;
  }
  const b = backfill as {
    readonly from?: unknown;
    readonly to?: unknown;
    readonly values?: unknown;
    readonly missing?: unknown;
    readonly part?: unknown;
    readonly parts?: unknown;
  };
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const day = (t: unknown) =>
    typeof t === 'number' ? new Date(t + 8 * 3_600_000).toISOString().slice(0, 16) : '?';
  const line =
    `补报 ${day(b.from)}–${day(b.to)}: ${count(b.values)} 个值已恢复, ${count(b.missing)} 个时段仍缺` +
    (b.parts !== 1 ? ` (${String(b.part)}/${String(b.parts)})` : '');
  const summary =
    typeof rest['summary'] === 'string' && rest['summary'] !== '' ? `${rest['summary']}\n${line}` : line;
  return { ...rest, summary: summary.slice(0, 1000) };
}
