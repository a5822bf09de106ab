import { ApiOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { DiagnosticsPage } from './DiagnosticsPage';
import { SessionDetailPage } from './SessionDetailPage';

export { DiagnosticsSiteSection } from './site-section';

export const diagnosticsRoutes: readonly FeatureRoute[] = [
  {
    path: '/diagnostics',
    component: DiagnosticsPage,
    nav: { key: 'diagnostics', icon: <ApiOutlined />, order: 60 },
  },
  { path: '/diagnostics/sessions/:sessionId', component: SessionDetailPage },
];
