import { isAppUrl } from '#shared/security/app-origin';
import { canOpenExternal } from '#shared/security/external-url';

/** Permissions a page of ours may be granted; everything else, and every other origin, is denied. */
export const grantedPermissions: readonly string[] = [
  'geolocation',
  'media',
  'clipboard-sanitized-write',
  'fullscreen',
];

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return isAppUrl(requestingUrl) && grantedPermissions.includes(permission);
}

export type NavigationDecision = { readonly allow: false; readonly openExternally: boolean };

/**
 * The app page never navigates away and never opens a second window. A link to an allow-listed
 * https page goes to the system browser; anything else is dropped.
 */
export function decideNavigation(targetUrl: string): NavigationDecision {
  return { allow: false, openExternally: canOpenExternal(targetUrl) };
}

/** Navigation inside the app (hash routes, reload) is allowed only to our own origin. */
export function isInAppNavigation(targetUrl: string): boolean {
  return isAppUrl(targetUrl);
}
