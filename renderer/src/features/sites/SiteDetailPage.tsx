import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { RouteParams } from '../../app/router';
import { navigate } from '../../app/router';
import { formatDateTime, formatPercent } from '../../i18n/format';
import { CalibrationSiteSection } from '../calibration/index';
import { DiagnosticsSiteSection } from '../diagnostics/index';
import { SwapHistoryCard } from '../equipment/index';
import { FaultsSiteSection } from '../faults/index';
import { PatrolsSiteSection } from '../patrols/index';
import { AuditSection } from './AuditSection';
import { divisionName } from './divisions';
import { FindingsList } from './FindingsList';
import { usePolicy } from '../../policy/index';
import { PeriodText } from '../common/PeriodLabel';
import { useJudgedPeriod, useMinuteClock } from '../common/site-status';
import { HealthTag } from './health-tags';
import { ReportingChart } from './ReportingChart';
import { ScheduleSection } from './ScheduleSection';
import { useSiteDetail, type SiteDetail } from './use-site-detail';

/** 站点详情: base data, relations and findings, health against targets, the 90-day chart, and the
 * sections other features contribute (patrols, faults, diagnostic sessions). */
export function SiteDetailPage({ params }: { readonly params: RouteParams }) {
  const { t } = useTranslation('sites');
  const siteId = params['siteId'] ?? '';
  const now = useMinuteClock();
  const period = useJudgedPeriod(now);
  const policy = usePolicy();
  const detail = useSiteDetail(siteId, period, policy, now);
  const back = (
    <Button
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/sites'))}
    >
      {t('detail.back')}
    </Button>
  );
  if (detail.status === 'loading') {
    return <Spin />;
  }
  if (detail.status === 'error') {
    return <Alert type="error" message={t('loadFailed', { message: detail.message })} />;
  }
  if (detail.value === null) {
    return <Result status="404" title={t('detail.notFound', { id: siteId })} extra={back} />;
  }
  return <Detail detail={detail.value} back={back} />;
}

function Detail({ detail, back }: { readonly detail: SiteDetail; readonly back: React.ReactNode }) {
  const { t, i18n } = useTranslation(['sites', 'health']);
  const { site, waterUser, permit, health, history } = detail;
  const lang = i18n.language;
  const none = t('detail.fields.none');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="site-detail">
      <Space wrap align="center">
        {back}
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="site-title">
          {site.name}
        </Typography.Title>
        <Tag>{site.code}</Tag>
        <Tag color="blue">{t(`health:kinds.${site.kind}`)}</Tag>
        <HealthTag verdict={detail.verdict} />
        <PeriodText period={detail.verdict.period} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('detail.base')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('detail.fields.code')}>{site.code}</Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.division')}>
                {divisionName(`${site.divisionCode.slice(0, 4)}00`)} {divisionName(site.divisionCode)} (
                {site.divisionCode})
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.position')}>
                {site.position.lat.toFixed(5)}, {site.position.lng.toFixed(5)}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.waterSource')}>
                {site.waterSource ?? none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.interval')}>
                {t('detail.fields.intervalValue', { minutes: site.reportIntervalMinutes })}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.elements')}>
                {site.elements
                  .map((e) => t(`health:elements.${e}`, { defaultValue: e }))
                  .join(t('health:list'))}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.registeredOn')}>
                {site.registeredOn}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.status')}>
                {t(`detail.status.${site.status}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.lastReportAt')}>
                {history?.lastReportAt ? formatDateTime(history.lastReportAt, lang) : none}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('detail.relations')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('detail.fields.waterUser')}>
                {waterUser?.name ?? site.waterUserId ?? none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.creditCode')}>
                {waterUser?.creditCode ?? none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.contact')}>
                {waterUser
                  ? [waterUser.contactName, waterUser.contactPhone].filter(Boolean).join(' ') || none
                  : none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.permit')}>
                {permit?.number ?? site.permitId ?? none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.permitValidity')}>
                {permit ? `${permit.validFrom} – ${permit.validTo}` : none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.permitSource')}>
                {permit?.waterSource ?? none}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.fields.annualQuantity')}>
                {permit
                  ? t('detail.fields.annualQuantityValue', {
                      value: (permit.annualQuantityM3 / 10_000).toLocaleString(lang),
                    })
                  : none}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('detail.findings')}>
        <FindingsList findings={detail.findings} />
      </Card>
      <Card size="small" title={`${t('detail.health')} · ${health.period.from} – ${health.period.to}`}>
        <Table
          size="small"
          pagination={false}
          data-testid="site-health-rules"
          rowKey="metric"
          dataSource={[...health.rules]}
          columns={[
            {
              title: t('detail.metricColumns.metric'),
              key: 'm',
              render: (_, r) => t(`health:metrics.${r.metric}`),
            },
            {
              title: t('detail.metricColumns.value'),
              key: 'v',
              align: 'right',
              render: (_, r) => formatPercent(r.value, lang),
            },
            {
              title: t('detail.metricColumns.target'),
              key: 't',
              align: 'right',
              render: (_, r) =>
                r.target === null ? t('health:noTarget') : `≥ ${formatPercent(r.target, lang, 0)}`,
            },
            {
              title: t('detail.metricColumns.result'),
              key: 'r',
              render: (_, r) =>
                r.passed === null ? (
                  t('detail.na')
                ) : r.passed ? (
                  <Tag color="green">{t('detail.pass')}</Tag>
                ) : (
                  <Tag color="red">{t('detail.fail')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('detail.chart')}>
        {history === null ? (
          <Typography.Text type="secondary">{t('detail.noHealth')}</Typography.Text>
        ) : (
          <ReportingChart history={history} threshold={detail.config.dailyStabilityThreshold} />
        )}
      </Card>
      <AuditSection site={site} />
      <Card size="small" title={t('detail.equipment')}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={[...detail.equipment]}
          columns={[
            {
              title: t('detail.equipmentColumns.role'),
              key: 'role',
              render: (_, e) => t(`detail.roles.${e.role}`),
            },
            {
              title: t('detail.equipmentColumns.model'),
              key: 'model',
              render: (_, e) => [e.manufacturer, e.model].filter(Boolean).join(' '),
            },
            {
              title: t('detail.equipmentColumns.serialNumber'),
              key: 'sn',
              render: (_, e) => e.serialNumber ?? none,
            },
            {
              title: t('detail.equipmentColumns.protocol'),
              key: 'protocol',
              render: (_, e) => e.protocol ?? <Tag color="orange">{t('detail.unknownProtocol')}</Tag>,
            },
            {
              title: t('detail.equipmentColumns.serial'),
              key: 'serial',
              render: (_, e) =>
                e.serial === null
                  ? none
                  : `${e.serial.baudRate} ${e.serial.dataBits}${e.serial.parity[0]?.toUpperCase() ?? 'N'}${e.serial.stopBits}`,
            },
          ]}
        />
      </Card>
      <SwapHistoryCard site={site} />
      <CalibrationSiteSection site={site} />
      <ScheduleSection site={site} />
      <PatrolsSiteSection site={site} />
      <FaultsSiteSection site={site} />
      <DiagnosticsSiteSection site={site} />
    </Space>
  );
}
