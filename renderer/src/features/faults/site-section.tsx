import type { Site } from '../../../../shared/domain/index';

/**
 * This feature's section on the site detail page (history of the site's faults). The sites page renders
 * it; the faults feature owns what it shows.
 */
export function FaultsSiteSection(_props: { readonly site: Site }) {
  return null;
}
