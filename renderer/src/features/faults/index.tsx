import { WarningOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const FaultDetailPage = lazyPage(() => import('./FaultDetailPage'), 'FaultDetailPage');
const FaultsListPage = lazyPage(() => import('./FaultsListPage'), 'FaultsListPage');
const NewFaultPage = lazyPage(() => import('./NewFaultPage'), 'NewFaultPage');

export { FaultsSiteSection } from './site-section';

export const faultsRoutes: readonly FeatureRoute[] = [
  {
    path: '/faults',
    component: FaultsListPage,
    nav: { key: 'faults', icon: <WarningOutlined />, order: 50 },
  },
  // Before `/faults/:faultId`: the first matching route wins.
  { path: '/faults/new', component: NewFaultPage },
  { path: '/faults/:faultId', component: FaultDetailPage },
];
