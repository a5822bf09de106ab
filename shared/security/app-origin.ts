/** The custom protocol the Electron shell serves the renderer from (never file://). */
export const appScheme = 'app';
export const appHost = 'wrm';
export const appOrigin = `${appScheme}://${appHost}`;

/**
 * Is this URL a page of ours? Parsed and compared exactly: look-alikes such as `app://wrm.evil`,
 * `app://user@wrm`, `app://wrm:80` or a substring elsewhere in the URL are refused.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${appScheme}:` &&
    parsed.hostname === appHost &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Maps an app:// request path to a file path under the renderer build, refusing traversal. */
export function appPathToRelativeFile(url: string): string | null {
  if (!isAppUrl(url)) {
    return null;
  }
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return null;
  }
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) {
    return null;
  }
  return segments.length === 0 ? 'index.html' : segments.join('/');
}
