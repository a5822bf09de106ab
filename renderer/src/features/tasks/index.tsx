import { CarryOutOutlined } from '@ant-design/icons';
import { PlaceholderPage } from '../../app/PlaceholderPage';
import type { FeatureRoute } from '../../app/feature-route';

export const tasksRoutes: readonly FeatureRoute[] = [
  {
    path: '/tasks',
    component: PlaceholderPage,
    nav: { key: 'tasks', icon: <CarryOutOutlined />, order: 20 },
  },
];
