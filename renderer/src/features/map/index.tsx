import { EnvironmentOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { MapPage } from './MapPage';

export const mapRoutes: readonly FeatureRoute[] = [
  { path: '/map', component: MapPage, nav: { key: 'map', icon: <EnvironmentOutlined />, order: 10 } },
];

export { readCheckIn, takeCheckIn } from './check-in';
export { positionStore } from './position-store';
export { TileSourcesCard } from './TileSourcesCard';
