import { SyncOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const SyncCentrePage = lazyPage(() => import('./SyncCentrePage'), 'SyncCentrePage');

export const syncRoutes: readonly FeatureRoute[] = [
  { path: '/sync', component: SyncCentrePage, nav: { key: 'sync', icon: <SyncOutlined />, order: 70 } },
];
