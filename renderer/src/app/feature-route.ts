import type { ComponentType, ReactNode } from 'react';
import type { RouteParams } from './router';

/** A page a feature contributes. Top-level pages carry a nav entry; detail pages do not. */
export type FeatureRoute = {
  /** `/sites` or `/sites/:siteId` */
  readonly path: string;
  readonly component: ComponentType<{ readonly params: RouteParams }>;
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
