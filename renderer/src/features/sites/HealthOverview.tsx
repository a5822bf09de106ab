import { Segmented, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  areaHealth,
  areaLevels,
  type AreaHealth,
  type AreaLevel,
  type MetricName,
} from '#shared/health/index';
import { formatPercent } from '../../i18n/format';
import { divisionName } from './divisions';
import type { SiteOverview } from './overview';

/** 区域健康概况: per area and object kind, the metrics against targets and the share of sites meeting each. */
export function HealthOverview({ overview }: { readonly overview: SiteOverview }) {
  const { t, i18n } = useTranslation(['sites', 'health']);
  const [level, setLevel] = useState<AreaLevel>('city');
  const areas = useMemo(
    () =>
      areaHealth(
        overview.rows.map((r) => r.health),
        level,
        overview.config,
      ),
    [overview, level],
  );
  const pct = (v: number | null, digits = 1) => formatPercent(v, i18n.language, digits);
  const metric = (m: MetricName) => ({
    title: t(`health:metrics.${m}`),
    key: m,
    align: 'right' as const,
    width: 135,
    render: (_: unknown, a: AreaHealth) => {
      const rule = a.rules.find((r) => r.metric === m);
      const share = a.meeting[m];
      return (
        <div data-testid={`area-${m}`}>
          <Typography.Text
            type={rule?.passed === false ? 'danger' : undefined}
            strong={rule?.passed === false}
          >
            {pct(rule?.value ?? null)}
          </Typography.Text>
          <div className="muted small">
            {rule?.target === null || rule === undefined
              ? t('health:noTarget')
              : m === 'monitoringRate'
                ? `≥ ${pct(rule.target, 0)}`
                : `≥ ${pct(rule.target, 0)} · ${t('areas.meetingShare', { share: pct(share, 0) })}`}
          </div>
        </div>
      );
    },
  });
  const columns: TableColumnsType<AreaHealth> = [
    {
      title: t('areas.area'),
      key: 'area',
      width: 160,
      render: (_, a) => `${divisionName(a.areaCode)} (${a.areaCode})`,
    },
    { title: t('areas.kind'), key: 'kind', width: 150, render: (_, a) => t(`health:kinds.${a.kind}`) },
    { title: t('areas.sites'), key: 'sites', width: 80, align: 'right', render: (_, a) => a.sites },
    {
      title: t('areas.monitored'),
      key: 'monitored',
      width: 90,
      align: 'right',
      render: (_, a) => a.monitored,
    },
    metric('monitoringRate'),
    metric('reportingRate'),
    metric('stability'),
    metric('completeness'),
    {
      title: t('areas.meetingAll'),
      key: 'all',
      width: 110,
      align: 'right',
      render: (_, a) => <span data-testid="area-meeting-all">{pct(a.meeting.all)}</span>,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('areas.level')}</Typography.Text>
        <Segmented<AreaLevel>
          data-testid="area-level"
          value={level}
          onChange={setLevel}
          options={areaLevels.map((l) => ({ value: l, label: t(`health:levels.${l}`) })).reverse()}
        />
      </Space>
      <Table<AreaHealth>
        data-testid="area-table"
        size="small"
        rowKey={(a) => `${a.areaCode}-${a.kind}`}
        columns={columns}
        dataSource={areas}
        pagination={level === 'county' ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 1130 }}
        locale={{ emptyText: t('areas.empty') }}
      />
    </Space>
  );
}
