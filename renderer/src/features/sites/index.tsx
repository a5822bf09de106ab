import { DatabaseOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const SiteDetailPage = lazyPage(() => import('./SiteDetailPage'), 'SiteDetailPage');
const SitesPage = lazyPage(() => import('./SitesPage'), 'SitesPage');

export const sitesRoutes: readonly FeatureRoute[] = [
  {
    path: '/sites',
    component: SitesPage,
    nav: { key: 'sites', icon: <DatabaseOutlined />, order: 30 },
  },
  { path: '/sites/:siteId', component: SiteDetailPage },
];
