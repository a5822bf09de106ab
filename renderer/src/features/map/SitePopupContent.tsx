import { CarryOutOutlined, MedicineBoxOutlined, ProfileOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { bearingDeg, compassPoint, distanceM } from '#shared/geo/distance';
import { navigate } from '../../app/router';
import { formatDateTime, formatPercent } from '../../i18n/format';
import { checkInFix, rememberCheckIn } from './check-in';
import type { CrewFix } from './position-store';
import { statusColours, statusKey } from '../common/site-status';
import type { MapSite } from '../common/map-sites';

export function useDistanceText(): (metres: number) => string {
  const { t } = useTranslation('map');
  return (m) =>
    m < 1000
      ? t('units.m', { value: Math.round(m) })
      : t('units.km', { value: (m / 1000).toFixed(m < 10_000 ? 2 : 1) });
}

/** What a crew needs at a site: state, last report, open faults, where it is from here, and what to do. */
export function SitePopupContent({ site, fix }: { readonly site: MapSite; readonly fix: CrewFix | null }) {
  const { t, i18n } = useTranslation('map');
  const distanceText = useDistanceText();
  const d = fix === null ? null : distanceM(fix.position, site.position);
  const bearing = fix === null ? null : bearingDeg(fix.position, site.position);
  const startPatrol = () => {
    rememberCheckIn(window.sessionStorage, site.id, checkInFix(site.position, fix, Date.now()));
    navigate(`/patrols/new?siteId=${encodeURIComponent(site.id)}`);
  };
  return (
    <div className="site-popup" data-testid="site-popup">
      <Typography.Text strong>{site.name}</Typography.Text>
      <div>
        <Typography.Text type="secondary" data-testid="site-popup-code">
          {site.code}
        </Typography.Text>{' '}
        <Tag>{t(`kinds.${site.kind}`)}</Tag>
      </div>
      <Descriptions size="small" column={1} className="site-popup-facts">
        <Descriptions.Item label={t('popup.status')}>
          <Tag color={statusColours[site.status]} data-testid="site-popup-status">
            {t(statusKey(site.status))}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('popup.reportingRate')}>
          <span className="site-popup-value" data-testid="site-popup-rate">
            {formatPercent(site.reportingRate, i18n.language)}
          </span>
          {site.failed.length > 0 && (
            <Typography.Text type="warning">
              {' '}
              {t('popup.failed', {
                metrics: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
                  site.failed.map((m) => t(`metrics.${m}`)),
                ),
              })}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('popup.lastReport')}>
          {site.lastReportAt === null ? t('popup.never') : formatDateTime(site.lastReportAt, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('popup.faults')}>
          {site.openFaults.length === 0 ? (
            t('popup.noFaults')
          ) : (
            <Space size={4} wrap data-testid="site-popup-faults">
              {site.openFaults.map((f) => (
                <Tag key={f.faultId} color="red">
                  {f.category === null ? t('faultStates.opened') : t(`faultCategories.${f.category}`)} ·{' '}
                  {t(`faultStates.${f.state}`)}
                </Tag>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        {site.openTasks.length > 0 && (
          <Descriptions.Item label={t('popup.tasks')}>
            {new Intl.ListFormat(i18n.language, { type: 'unit' }).format(
              site.openTasks.map((task) => task.title),
            )}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('popup.fromHere')}>
          <span data-testid="site-popup-distance">
            {d === null || bearing === null
              ? t('popup.noPosition')
              : t('popup.distance', {
                  distance: distanceText(d),
                  bearing: t(`compass.${compassPoint(bearing)}`),
                })}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        <Button
          type="primary"
          size="small"
          icon={<CarryOutOutlined />}
          onClick={startPatrol}
          data-testid="start-patrol"
        >
          {t('popup.startPatrol')}
        </Button>
        <Button
          size="small"
          icon={<MedicineBoxOutlined />}
          onClick={() => navigate(`/diagnostics?siteId=${encodeURIComponent(site.id)}`)}
        >
          {t('popup.diagnose')}
        </Button>
        <Button
          size="small"
          icon={<ProfileOutlined />}
          onClick={() => navigate(`/sites/${encodeURIComponent(site.id)}`)}
        >
          {t('popup.details')}
        </Button>
      </Space>
    </div>
  );
}
