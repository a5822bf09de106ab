import type { Site } from '../../../../shared/domain/index';

/**
 * This feature's section on the site detail page (history of the site's diagnostics). The sites page renders
 * it; the diagnostics feature owns what it shows.
 */
export function DiagnosticsSiteSection(_props: { readonly site: Site }) {
  return null;
}
