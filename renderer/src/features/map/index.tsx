import { EnvironmentOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { MapPage, type RouteOverlay, type ScheduleFlagsHook } from './MapPage';

/**
 * The map's pages. Today's route is another feature's layer: the app hands it in here, so the map
 * imports no other feature (tasks depend on the map, never the other way round).
 */
export function mapRoutes(
  routeOverlay: RouteOverlay,
  useScheduleFlags: ScheduleFlagsHook,
): readonly FeatureRoute[] {
  const MapWithRoute = () => <MapPage routeOverlay={routeOverlay} useScheduleFlags={useScheduleFlags} />;
  return [
    { path: '/map', component: MapWithRoute, nav: { key: 'map', icon: <EnvironmentOutlined />, order: 10 } },
  ];
}

export type { RouteOverlay } from './MapPage';
export { readCheckIn, takeCheckIn } from './check-in';
export { divisionLabel } from './division-names';
export { positionStore, useCrewPosition, useGnssFeed } from './position-store';
export { useDistanceText } from './SitePopupContent';
export { TileSourcesCard } from './TileSourcesCard';
export { useMapSites } from './use-map-sites';
