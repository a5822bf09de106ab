import { ApiOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const DiagnosticsPage = lazyPage(() => import('./DiagnosticsPage'), 'DiagnosticsPage');
const SessionDetailPage = lazyPage(() => import('./SessionDetailPage'), 'SessionDetailPage');

export { DiagnosticsSiteSection } from './site-section';

export const diagnosticsRoutes: readonly FeatureRoute[] = [
  {
    path: '/diagnostics',
    component: DiagnosticsPage,
    nav: { key: 'diagnostics', icon: <ApiOutlined />, order: 60 },
  },
  { path: '/diagnostics/sessions/:sessionId', component: SessionDetailPage },
];
