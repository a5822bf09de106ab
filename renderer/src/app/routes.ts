import { calibrationRoutes } from '../features/calibration/index';
import { diagnosticsRoutes } from '../features/diagnostics/index';
import { equipmentRoutes } from '../features/equipment/index';
import { faultsRoutes } from '../features/faults/index';
import { labelsRoutes } from '../features/labels/index';
import { mapRoutes } from '../features/map/index';
import { patrolsRoutes } from '../features/patrols/index';
import { reportsRoutes } from '../features/reports/index';
import { settingsRoutes } from '../features/settings/index';
import { sitesRoutes } from '../features/sites/index';
import { syncRoutes } from '../features/sync/index';
import { RouteLayer, tasksRoutes, useScheduleFlags } from '../features/tasks/index';
import type { FeatureRoute } from './feature-route';

/** Every page of the app, contributed by its feature folder. */
export const appRoutes: readonly FeatureRoute[] = [
  ...mapRoutes(RouteLayer, useScheduleFlags),
  ...tasksRoutes,
  ...sitesRoutes,
  ...patrolsRoutes,
  ...calibrationRoutes,
  ...faultsRoutes,
  ...equipmentRoutes,
  ...reportsRoutes,
  ...labelsRoutes,
  ...diagnosticsRoutes,
  ...syncRoutes,
  ...settingsRoutes,
];
