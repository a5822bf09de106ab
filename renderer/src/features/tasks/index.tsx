import { CarryOutOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { TasksPage } from './TasksPage';

export { RouteLayer } from './RouteLayer';

export const tasksRoutes: readonly FeatureRoute[] = [
  {
    path: '/tasks',
    component: TasksPage,
    nav: { key: 'tasks', icon: <CarryOutOutlined />, order: 20 },
  },
];
