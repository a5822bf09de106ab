import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { outOfCalibration } from '#shared/verdicts/calibration';
import { instrumentLabel } from './labels';
import { useCalibrationRegister, type RegisterRow } from './use-register';

/** What the warning says of one instrument: its state and, when overdue, since when. */
function line(t: ReturnType<typeof useTranslation<'calibration'>>['t'], row: RegisterRow): string {
  const instrument = instrumentLabel(t, row.equipment);
  const status = t(`status.${row.status}`);
  return row.status === 'overdue' && row.daysLeft !== null
    ? t('warning.itemDue', { instrument, status, detail: t('daysOver', { count: -row.daysLeft }) })
    : t('warning.item', { instrument, status });
}

/**
 * On check-in (and on the visit): the site's instruments out of calibration — overdue or failed by the
 * register's verdict — so the crew checks their certificates while there. Nothing when all are in order.
 */
export function CalibrationWarning({ siteId }: { readonly siteId: string }) {
  const { t } = useTranslation('calibration');
  const register = useCalibrationRegister(siteId);
  const out = (register ?? []).filter(outOfCalibration);
  if (out.length === 0) {
    return null;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calibration-warning"
      message={t('warning.title', { count: out.length })}
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {out.map((row) => (
              <li key={row.equipmentId} data-testid="calibration-warning-item">
                {line(t, row)}
              </li>
            ))}
          </ul>
          {t('warning.hint')}
        </>
      }
    />
  );
}
