import { ApiOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const diagnosticsRoutes: readonly FeatureRoute[] = [
  {
    path: '/diagnostics',
    component: PlaceholderPage,
    nav: { key: 'diagnostics', icon: <ApiOutlined />, order: 60 },
  },
];
