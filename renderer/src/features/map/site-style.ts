/**
 * How a site looks on the map: its kind is the shape, its health against target the colour. One table
 * for the canvas layer, the legend and the popup, so they never disagree.
 */
export const siteStatuses = ['meets', 'unknown', 'below', 'silent', 'fault'] as const;
/** Ordered by severity: a cluster takes the worst of its sites. */
export type SiteStatus = (typeof siteStatuses)[number];

export const statusColours: Record<SiteStatus, string> = {
  meets: '#389e0d',
  unknown: '#8c8c8c',
  below: '#fa8c16',
  silent: '#262626',
  fault: '#cf1322',
};

export const mapSiteKinds = ['intake', 'source_quality', 'boundary_section'] as const;
export type MapSiteKind = (typeof mapSiteKinds)[number];

/** intake: circle · source_quality: diamond · boundary_section: triangle. */
export const kindShapes: Record<MapSiteKind, 'circle' | 'diamond' | 'triangle'> = {
  intake: 'circle',
  source_quality: 'diamond',
  boundary_section: 'triangle',
};

export function severity(status: SiteStatus): number {
  return siteStatuses.indexOf(status);
}
