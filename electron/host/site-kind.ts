import { siteKinds, type SiteKind } from '#shared/domain/index';

export function isSiteKind(value: string): value is SiteKind {
  return (siteKinds as readonly string[]).includes(value);
}
