import { DatabaseOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const sitesRoutes: readonly FeatureRoute[] = [
  {
    path: '/sites',
    component: PlaceholderPage,
    nav: { key: 'sites', icon: <DatabaseOutlined />, order: 30 },
  },
];
