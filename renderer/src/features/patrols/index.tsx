import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { CheckInPage } from './CheckInPage';
import { PatrolDetailPage } from './PatrolDetailPage';
import { PatrolsListPage } from './PatrolsListPage';

export const patrolsRoutes: readonly FeatureRoute[] = [
  {
    path: '/patrols',
    component: PatrolsListPage,
    nav: { key: 'patrols', icon: <SafetyCertificateOutlined />, order: 40 },
  },
  // Before `/patrols/:patrolId`: the first matching route wins.
  { path: '/patrols/new', component: CheckInPage },
  { path: '/patrols/:patrolId', component: PatrolDetailPage },
];
