import { Card, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import { RegisterTable } from './RegisterTable';
import { useCalibrationRegister } from './use-register';

/**
 * This feature's section on the site detail page: the site's instruments in the calibration register.
 * The sites page renders it; the calibration feature owns what it shows.
 */
export function CalibrationSiteSection({ site }: { readonly site: Site }) {
  const { t } = useTranslation('calibration');
  const register = useCalibrationRegister(site.id);
  return (
    <Card size="small" title={t('page.title')} data-testid="site-calibration">
      {register === null ? <Spin /> : <RegisterTable rows={register} showSite={false} />}
    </Card>
  );
}
