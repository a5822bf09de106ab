/**
 * How a site looks on the map: its kind is the shape, its status the colour (the one vocabulary in
 * features/common, shared with every other screen).
 */
export { siteStatuses, statusColours, type SiteStatus } from '../common/site-status';

export const mapSiteKinds = ['intake', 'source_quality', 'boundary_section'] as const;
export type MapSiteKind = (typeof mapSiteKinds)[number];

/** intake: circle · source_quality: diamond · boundary_section: triangle. */
export const kindShapes: Record<MapSiteKind, 'circle' | 'diamond' | 'triangle'> = {
  intake: 'circle',
  source_quality: 'diamond',
  boundary_section: 'triangle',
};
