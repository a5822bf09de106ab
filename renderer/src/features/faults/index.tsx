import { WarningOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { FaultDetailPage } from './FaultDetailPage';
import { FaultsListPage } from './FaultsListPage';
import { NewFaultPage } from './NewFaultPage';

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
