/**
 * Hosts the app may hand to the system browser: help pages of the tile providers and the standards
 * crews look up. Anything else stays inside the app (and is logged by the caller).
 */
export const externalHostAllowList: readonly string[] = [
  'www.tianditu.gov.cn',
  'console.tianditu.gov.cn',
  'www.mwr.gov.cn',
  'openstreetmap.org',
  'www.openstreetmap.org',
];

/** May this URL be opened outside the app? https only, exact host from the allow-list, no credentials. */
export function canOpenExternal(url: string, allowList: readonly string[] = externalHostAllowList): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') {
    return false;
  }
  if (parsed.port !== '' && parsed.port !== '443') {
    return false;
  }
  return allowList.includes(parsed.hostname.toLowerCase());
}
