import { SyncOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const syncRoutes: readonly FeatureRoute[] = [
  { path: '/sync', component: PlaceholderPage, nav: { key: 'sync', icon: <SyncOutlined />, order: 70 } },
];
