import { Button, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { siteKinds } from '#shared/domain/index';
import { navigate } from '../../app/router';
import { formatPercent } from '../../i18n/format';
import { regionFirst, useEnrolledScope } from '../../sync/enrolment-region';
import { countyOptions } from './divisions';
import { FindingsTag, HealthTag } from './health-tags';
import {
  applyFilters,
  findingFilters,
  healthFilters,
  noFilters,
  type SiteFilters,
  type SiteOverview,
  type SiteRow,
} from './overview';

/** Rows of the viewport the table may fill; measured so the virtual list knows its height. */
function useAvailableHeight(min = 240): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [height, setHeight] = useState(480);
  useEffect(() => {
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top ?? 200;
      setHeight(Math.max(min, window.innerHeight - top - 110));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [min]);
  return [ref, height];
}

export function SiteTable({
  overview,
  filters,
  onFilters,
}: {
  readonly overview: SiteOverview;
  readonly filters: SiteFilters;
  readonly onFilters: (next: SiteFilters) => void;
}) {
  const { t, i18n } = useTranslation(['sites', 'health']);
  const [ref, height] = useAvailableHeight();
  const [search, setSearch] = useState(filters.q);
  const scope = useEnrolledScope();
  const rows = useMemo(
    () => regionFirst(applyFilters(overview.rows, filters), scope),
    [overview.rows, filters, scope],
  );
  const counties = useMemo(
    () => countyOptions(new Set(overview.rows.map((r) => r.site.divisionCode))),
    [overview.rows],
  );
  const columns: TableColumnsType<SiteRow> = [
    { title: t('columns.code'), key: 'code', width: 120, render: (_, r) => r.site.code },
    { title: t('columns.name'), key: 'name', width: 250, ellipsis: true, render: (_, r) => r.site.name },
    { title: t('columns.kind'), key: 'kind', width: 140, render: (_, r) => t(`health:kinds.${r.site.kind}`) },
    { title: t('columns.county'), key: 'county', width: 120, render: (_, r) => r.countyName },
    {
      title: t('columns.reportingRate'),
      key: 'reportingRate',
      width: 90,
      align: 'right',
      render: (_, r) => formatPercent(r.health.reportingRate, i18n.language),
    },
    {
      title: t('columns.stability'),
      key: 'stability',
      width: 90,
      align: 'right',
      render: (_, r) => formatPercent(r.health.stability, i18n.language),
    },
    {
      title: t('columns.health'),
      key: 'health',
      width: 220,
      render: (_, r) => <HealthTag verdict={r.verdict} />,
    },
    {
      title: t('columns.findings'),
      key: 'findings',
      width: 100,
      render: (_, r) => <FindingsTag findings={r.findings} />,
    },
  ];
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Space wrap data-testid="site-filters">
        <Input.Search
          allowClear
          data-testid="site-search"
          placeholder={t('filters.search')}
          style={{ width: 260 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => onFilters({ ...filters, q })}
        />
        <Select
          mode="multiple"
          allowClear
          data-testid="filter-kind"
          placeholder={t('filters.kind')}
          style={{ minWidth: 200 }}
          value={[...filters.kinds]}
          onChange={(kinds) => onFilters({ ...filters, kinds })}
          options={siteKinds.map((k) => ({ value: k, label: t(`health:kinds.${k}`) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          data-testid="filter-county"
          placeholder={t('filters.county')}
          style={{ width: 220 }}
          value={filters.county ?? undefined}
          onChange={(county?: string) => onFilters({ ...filters, county: county ?? null })}
          options={counties}
        />
        <Select
          data-testid="filter-health"
          style={{ width: 150 }}
          value={filters.health}
          onChange={(health) => onFilters({ ...filters, health })}
          options={healthFilters.map((h) => ({
            value: h,
            label:
              h === 'all'
                ? t('filters.labelled', { label: t('filters.health'), value: t('filters.all') })
                : t(`common:siteStatus.${h}`),
          }))}
        />
        <Select
          data-testid="filter-findings"
          style={{ width: 160 }}
          value={filters.findings}
          onChange={(findings) => onFilters({ ...filters, findings })}
          options={findingFilters.map((f) => ({
            value: f,
            label:
              f === 'all'
                ? t('filters.labelled', { label: t('filters.findings'), value: t('filters.all') })
                : t(`filters.${f === 'any' ? 'anyFinding' : f === 'error' ? 'errorFinding' : 'noFinding'}`),
          }))}
        />
        <Button
          onClick={() => {
            setSearch('');
            onFilters(noFilters);
          }}
        >
          {t('filters.reset')}
        </Button>
        <Typography.Text type="secondary" data-testid="site-count">
          {t('count', { shown: rows.length, total: overview.rows.length })}
        </Typography.Text>
      </Space>
      <div ref={ref}>
        <Table<SiteRow>
          data-testid="sites-table"
          virtual
          size="small"
          rowKey={(r) => r.site.id}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1140, y: height }}
          onRow={(r) => ({
            onClick: () => navigate(`/sites/${encodeURIComponent(r.site.id)}`),
            className: 'site-row',
          })}
        />
      </div>
    </Space>
  );
}
