import { SettingOutlined } from '@ant-design/icons';
import { lazyPage, type FeatureRoute } from '../../app/feature-route';

const SettingsPage = lazyPage(() => import('./SettingsPage'), 'SettingsPage');

export const settingsRoutes: readonly FeatureRoute[] = [
  {
    path: '/settings',
    component: SettingsPage,
    nav: { key: 'settings', icon: <SettingOutlined />, order: 80 },
  },
];
