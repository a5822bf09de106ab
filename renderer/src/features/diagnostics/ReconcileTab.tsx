import { Alert, Descriptions, InputNumber, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteHealth } from '#shared/domain/index';
import { counterSwapsOf } from '#shared/verdicts/index';
import { useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { platformVolume, reconcileOf } from './lib/verdicts';
import type { Workbench } from './lib/workbench';

const outcomeColor = { ok: 'green', warning: 'orange', fault: 'red' } as const;

/** 对账: the meter's cumulative volume beside the platform's last value for the site. */
export function ReconcileTab(props: {
  readonly w: Workbench;
  readonly health: SiteHealth | null;
  readonly manualMeter: number | null;
  readonly onManualMeter: (v: number | null) => void;
}) {
  const { t, i18n } = useTranslation('diagnostics');
  const { w, health } = props;
  const platform = platformVolume(health);
  // 换表: a meter fitted after the platform's value is compared across the swap.
  const readings = useRecords('readings', { selector: { siteId: w.site?.id ?? '' } });
  const rec = reconcileOf(
    w,
    health,
    props.manualMeter,
    counterSwapsOf(readings.status === 'ready' ? readings.value : []),
  );
  const meter = props.manualMeter ?? w.reading?.cumulative?.value ?? null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('reconcile.hint')}</Typography.Text>
      <Descriptions bordered size="small" column={1} data-testid="diag-reconcile">
        <Descriptions.Item label={t('reconcile.meter')}>
          <Space>
            <span data-testid="diag-reconcile-meter">
              {meter === null ? '—' : `${meter} ${w.reading?.cumulative?.unit ?? 'm³'}`}
            </span>
            <InputNumber
              placeholder={t('reconcile.manual')}
              value={props.manualMeter}
              onChange={(v) => props.onManualMeter(v)}
              style={{ width: 180 }}
            />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('reconcile.platform')}>
          {platform === null
            ? t('reconcile.noPlatform')
            : `${platform.value} ${platform.unit} · ${formatDateTime(platform.at, i18n.language)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('reconcile.difference')}>
          {rec?.difference == null
            ? '—'
            : `${rec.difference.toFixed(2)} (${((rec.relative ?? 0) * 100).toFixed(2)} %)`}
        </Descriptions.Item>
        <Descriptions.Item label={t('reconcile.verdict')}>
          {rec === null ? (
            t('reconcile.needMeter')
          ) : (
            <Space wrap>
              <Tag color={outcomeColor[rec.outcome]} data-testid="diag-reconcile-verdict">
                {t(`outcomes.${rec.outcome}`)}
              </Tag>
              {rec.reasons.map((r) => (
                <span key={r}>{t(`reconcile.reasons.${r}`)}</span>
              ))}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      {rec?.outcome === 'fault' && <Alert type="error" showIcon message={t('reconcile.faultAdvice')} />}
    </Space>
  );
}
