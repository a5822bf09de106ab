import { DatabaseOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { SiteDetailPage } from './SiteDetailPage';
import { SitesPage } from './SitesPage';

export const sitesRoutes: readonly FeatureRoute[] = [
  {
    path: '/sites',
    component: SitesPage,
    nav: { key: 'sites', icon: <DatabaseOutlined />, order: 30 },
  },
  { path: '/sites/:siteId', component: SiteDetailPage },
];
