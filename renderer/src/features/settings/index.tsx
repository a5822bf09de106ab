import { SettingOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { SettingsPage } from './SettingsPage';

export const settingsRoutes: readonly FeatureRoute[] = [
  {
    path: '/settings',
    component: SettingsPage,
    nav: { key: 'settings', icon: <SettingOutlined />, order: 80 },
  },
];
