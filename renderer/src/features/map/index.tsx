import { EnvironmentOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const mapRoutes: readonly FeatureRoute[] = [
  { path: '/map', component: PlaceholderPage, nav: { key: 'map', icon: <EnvironmentOutlined />, order: 10 } },
];
