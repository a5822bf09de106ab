import { z } from 'zod';
import type { Site } from '../domain/index';

/**
 * Site QR labels (站点二维码标签): what a label's QR code says and how a scan (or a typed code) finds
 * the site again. The QR holds `WRM-SITE:<site code>:<site id>` — the code a crew can read off the
 * label and type, and the registry's id that tells apart the few sites registered under one code.
 * A scan or a typed text is read the same way: a label's text, or a bare site code.
 */
const prefix = 'WRM-SITE:';

/** The text a site's QR code holds. */
export function siteLabelText(site: Pick<Site, 'id' | 'code'>): string {
  return `${prefix}${site.code}:${site.id}`;
}

/** What a scanned or typed text names: a site code, and the site id where it came from a label. */
export type LabelRead = { readonly code: string; readonly siteId: string | null };

/** Reads a label's text or a typed code (null: blank, or a label of another kind). */
export function readSiteLabel(text: string): LabelRead | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    return null;
  }
  if (trimmed.toUpperCase().startsWith(prefix)) {
    const rest = trimmed.slice(prefix.length);
    const colon = rest.indexOf(':');
    const code = (colon < 0 ? rest : rest.slice(0, colon)).trim();
    const siteId = colon < 0 ? null : rest.slice(colon + 1).trim() || null;
    return code.length === 0 ? null : { code, siteId };
  }
  // Some other QR (a URL, a payment code…) is not a site; a typed code has no spaces or colons.
  return /^[^\s:]{1,40}$/.test(trimmed) ? { code: trimmed, siteId: null } : null;
}

/**
 * The sites a read names: the labelled site itself where this laptop has it, else every site under
 * the code (a code registered twice lists both, for the crew to choose).
 */
export function sitesOfLabel<S extends Pick<Site, 'id' | 'code'>>(read: LabelRead, sites: readonly S[]): S[] {
  if (read.siteId !== null) {
    const exact = sites.find((s) => s.id === read.siteId);
    if (exact !== undefined) {
      return [exact];
    }
  }
  const code = read.code.toUpperCase();
  return sites.filter((s) => s.code.toUpperCase() === code);
}

/** A sheet of labels as the host prints it: a title and the sites, one label each. */
export const labelSheetSchema = z
  .object({
    title: z.string().min(1).max(100),
    sites: z
      .array(
        z
          .object({
            id: z.string().min(1).max(64),
            code: z.string().min(1).max(40),
            name: z.string().max(200),
          })
          .strict(),
      )
      .min(1)
      .max(3000),
  })
  .strict();
export type LabelSheet = z.infer<typeof labelSheetSchema>;
