import { SyncOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { SyncCentrePage } from './SyncCentrePage';

export const syncRoutes: readonly FeatureRoute[] = [
  { path: '/sync', component: SyncCentrePage, nav: { key: 'sync', icon: <SyncOutlined />, order: 70 } },
];
