/** Where the crew's hand-typed or chosen port is kept per site (this laptop only, never synced). */
const prefix = 'wrm.diagnostics.port.';
/** Ports for the diagnostics line when no site is chosen yet. */
const noSite = '-';
const maxPathLength = 260;

/** A port name as typed or pasted: trimmed; null when empty or too long to be a device path. */
export function cleanPortPath(text: string): string | null {
  const path = text.trim();
  return path === '' || path.length > maxPathLength ? null : path;
}

/** The port last used at this site on this laptop, or null. */
export function rememberedPort(
  storage: Pick<Storage, 'getItem'> | null,
  siteId: string | null,
): string | null {
  const value = storage?.getItem(prefix + (siteId ?? noSite)) ?? null;
  return value === null ? null : cleanPortPath(value);
}

/** Keeps the port that opened at this site, for the next visit. */
export function rememberPort(
  storage: Pick<Storage, 'setItem'> | null,
  siteId: string | null,
  path: string,
): void {
  const clean = cleanPortPath(path);
  if (clean !== null) {
    storage?.setItem(prefix + (siteId ?? noSite), clean);
  }
}
