import { SafetyCertificateOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const patrolsRoutes: readonly FeatureRoute[] = [
  {
    path: '/patrols',
    component: PlaceholderPage,
    nav: { key: 'patrols', icon: <SafetyCertificateOutlined />, order: 40 },
  },
];
