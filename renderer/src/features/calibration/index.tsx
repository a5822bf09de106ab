import { SafetyOutlined } from '@ant-design/icons';
import type { FeatureRoute } from '../../app/feature-route';
import { CalibrationPage } from './CalibrationPage';

// What other features show of the register: the check-in warning, and for the visit's card the
// register's rows, their table and the instruments' names.
export { CalibrationWarning } from './CalibrationWarning';
export { instrumentLabel } from './labels';
export { RegisterTable } from './RegisterTable';
export { CalibrationSiteSection } from './site-section';
export { useCalibrationRegister, type RegisterRow } from './use-register';

export const calibrationRoutes: readonly FeatureRoute[] = [
  {
    path: '/calibration',
    component: CalibrationPage,
    nav: { key: 'calibration', icon: <SafetyOutlined />, order: 45 },
  },
];
