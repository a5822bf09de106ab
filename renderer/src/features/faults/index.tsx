import { WarningOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const faultsRoutes: readonly FeatureRoute[] = [
  {
    path: '/faults',
    component: PlaceholderPage,
    nav: { key: 'faults', icon: <WarningOutlined />, order: 50 },
  },
];
