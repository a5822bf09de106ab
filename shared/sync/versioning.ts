import { z } from 'zod';

/**
 * Every sync request names the app's release and the schema version of the documents it carries or
 * wants (one collection per request), so the service can migrate documents up or down between the
 * versions it supports and refuse an app older than the province allows.
 */
export const versionHeaders = {
  /** The app's release, `x.y.z`. */
  app: 'x-wrm-app-version',
  /** The schema version of this request's collection as the app stores it (an integer ≥ 0). */
  schema: 'x-wrm-schema-version',
} as const;

export const appVersionPattern = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;

/** This build's release (package.json's `version`; a test keeps the two equal). */
export const appRelease = '0.1.0';

/** The version headers as the service parses them; either may be absent (apps before versioning). */
export const versionHeadersSchema = z.object({
  [versionHeaders.app]: z.string().regex(appVersionPattern, 'must be a version x.y.z').optional(),
  [versionHeaders.schema]: z.coerce.number().int().min(0).max(1000).optional(),
});

/** Orders two `x.y.z` releases: negative when `a` is older, 0 when the same, positive when newer. */
export function compareAppVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/**
 * What an `update-required` answer carries in `details[0]`: the app's release, the oldest one the
 * province accepts (null when the schema version, not the release, is what is too old), and why.
 */
export type UpdateRequiredDetails = {
  readonly reason: 'app-too-old' | 'schema-too-old' | 'schema-too-new';
  readonly appVersion: string | null;
  readonly minAppVersion: string | null;
};

const updateRequiredDetailsSchema = z
  .object({
    reason: z.enum(['app-too-old', 'schema-too-old', 'schema-too-new']),
    appVersion: z.string().nullable(),
    minAppVersion: z.string().nullable(),
  })
  .strict();

/** The reason an `update-required` answer gave, read from its details; null for any other answer. */
export function updateRequiredOf(
  code: string,
  details: readonly unknown[] | undefined,
): UpdateRequiredDetails | null {
  if (code !== 'update-required') {
    return null;
  }
  const parsed = updateRequiredDetailsSchema.safeParse(details?.[0]);
  // An answer without readable details still says the app must be updated: the oldest reason.
  return parsed.success ? parsed.data : { reason: 'app-too-old', appVersion: null, minAppVersion: null };
}
