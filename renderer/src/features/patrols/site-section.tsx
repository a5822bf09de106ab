import type { Site } from '../../../../shared/domain/index';

/**
 * This feature's section on the site detail page (history of the site's patrols). The sites page renders
 * it; the patrols feature owns what it shows.
 */
export function PatrolsSiteSection(_props: { readonly site: Site }) {
  return null;
}
