import { lazy, type ComponentType, type JSXElementConstructor, type ReactNode } from 'react';
import type { RouteParams } from './router';

type PageProps = { readonly params: RouteParams };
/** A page component, loaded with the app or on demand (`React.lazy`). */
type PageComponent = JSXElementConstructor<PageProps>;

/**
 * A page loaded on demand: its module (and what only it imports) is a chunk of its own, fetched the
 * first time the page opens, so the start-up bundle holds the map and the shell alone.
 * `lazyPage(() => import('./SitesPage'), 'SitesPage')`.
 */
export function lazyPage<K extends string>(
  load: () => Promise<{ readonly [P in K]: ComponentType<PageProps> }>,
  name: K,
): PageComponent {
  return lazy(() => load().then((m): { default: ComponentType<PageProps> } => ({ default: m[name] })));
}

/** A page a feature contributes. Top-level pages carry a nav entry; detail pages do not. */
export type FeatureRoute = {
  /** `/sites` or `/sites/:siteId` */
  readonly path: string;
  readonly component: PageComponent;
  readonly nav?: { readonly key: NavKey; readonly icon: ReactNode; readonly order: number };
};

export const navKeys = [
  'map',
  'tasks',
  'sites',
  'patrols',
  'calibration',
  'faults',
  'diagnostics',
  'sync',
  'settings',
] as const;
export type NavKey = (typeof navKeys)[number];
