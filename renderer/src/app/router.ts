import { useSyncExternalStore } from 'react';

/**
 * A small hash router: the app is served from app://wrm/ (Electron) or a loopback origin (web shell),
 * and hash routes work identically on both without server rewrites.
 */
function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  const path = hash.split('?')[0] ?? '';
  return path.startsWith('/') ? path : `/${path}`;
}

export function useRoutePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function navigate(path: string): void {
  window.location.hash = path.startsWith('/') ? path : `/${path}`;
}

/** Query parameters after `?` in the hash: `#/sites?county=530381`. */
export function useRouteQuery(): URLSearchParams {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  );
  const query = hash.split('?')[1] ?? '';
  return new URLSearchParams(query);
}

export type RouteParams = Readonly<Record<string, string>>;

/** Matches `/sites/:siteId` against `/sites/abc`; returns the params or null. */
export function matchRoute(pattern: string, path: string): RouteParams | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i += 1) {
    const part = p[i] ?? '';
    const seg = s[i] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(seg);
      } catch {
        return null;
      }
    } else if (part !== seg) {
      return null;
    }
  }
  return params;
}
