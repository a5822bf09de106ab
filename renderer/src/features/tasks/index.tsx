import { CarryOutOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const TasksPage = lazyPage(() => import('./TasksPage'), 'TasksPage');

export { ExcuseVisit } from './ExcuseVisit';
export { RouteLayer } from './RouteLayer';
export { useScheduleFlags, useSiteSchedules } from './use-schedules';

export const tasksRoutes: readonly FeatureRoute[] = [
  {
    path: '/tasks',
    component: TasksPage,
    nav: { key: 'tasks', icon: <CarryOutOutlined />, order: 20 },
  },
];
