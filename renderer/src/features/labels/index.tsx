import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const LabelsPage = lazyPage(() => import('./LabelsPage'), 'LabelsPage');

/** 站点二维码标签: scan (or type) a label to open its site, print a county's sheet — reached from Sites and Tasks. */
export const labelsRoutes: readonly FeatureRoute[] = [{ path: '/labels', component: LabelsPage }];
