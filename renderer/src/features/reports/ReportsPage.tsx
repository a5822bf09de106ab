import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Input, Select, Space, Spin, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildMonthlyReport } from '#shared/reports/monthly';
import type { MonthlyReport } from '#shared/reports/monthly-schema';
import { monthOf } from '#shared/reports/time';
import { useRouteQuery } from '../../app/router';
import { useRecords } from '../../db/index';
import { useHost } from '../../host/host-context';
import { formatDateTime, formatPercent } from '../../i18n/format';
import { downloadBase64, useClock } from '../patrols/index';
import { usePolicy } from '../../policy/index';
import { useRegionAuditFindings } from '../common/audit-findings';
import { PeriodText } from '../common/PeriodLabel';
import { regionName as knownName } from './region-names';

/** Division prefixes the laptop's sites fall in: province, cities and counties. */
function regionsOf(codes: readonly string[]): string[] {
  const set = new Set<string>();
  for (const c of codes) {
    set.add(c.slice(0, 2));
    set.add(c.slice(0, 4));
    set.add(c);
  }
  return [...set].sort();
}

/** 月报 and 整改反馈 for a month and a region, shown here and exported as XLSX and PDF by the host. */
export function ReportsPage() {
  const { t, i18n } = useTranslation('reports');
  const host = useHost();
  const query = useRouteQuery();
  const sites = useRecords('sites');
  const [picked, setMonth] = useState<string | null>(query.get('month'));
  const [region, setRegion] = useState<string | null>(query.get('region'));
  const [regionName, setRegionName] = useState('');
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useClock();
  const month = picked ?? monthOf(now);
  const regions = sites.status === 'ready' ? regionsOf(sites.value.map((s) => s.divisionCode)) : [];
  const chosen = region ?? regions.find((r) => r.length === 6) ?? regions[0] ?? null;
  // Only the region's records are read: a county's report must not wait for the whole province.
  const inRegion = { selector: { divisionCode: { $gte: chosen ?? '~', $lt: `${chosen ?? ''}~` } } } as never;
  const patrols = useRecords('patrols', inRegion);
  const patrolEvents = useRecords('patrol_events', inRegion);
  const faultEvents = useRecords('fault_events', inRegion);
  const health = useRecords('site_health', inRegion);
  const corrections = useRecords('corrections', inRegion);
  const readings = useRecords('readings', inRegion);
  const equipment = useRecords('equipment', inRegion);
  const audit = useRegionAuditFindings(chosen);
  const policy = usePolicy();
  const ready =
    sites.status === 'ready' &&
    patrols.status === 'ready' &&
    patrolEvents.status === 'ready' &&
    faultEvents.status === 'ready' &&
    health.status === 'ready' &&
    corrections.status === 'ready' &&
    readings.status === 'ready' &&
    equipment.status === 'ready' &&
    audit.status === 'ready';
  const report: MonthlyReport | null =
    ready && chosen !== null
      ? buildMonthlyReport({
          month,
          region: chosen,
          regionName: regionName.trim() || knownName(chosen) || chosen,
          generatedAt: now,
          sites: sites.value,
          patrols: patrols.value,
          patrolEvents: patrolEvents.value,
          faultEvents: faultEvents.value,
          health: health.value,
          corrections: corrections.value,
          readings: readings.value,
          equipment: equipment.value,
          auditFindings: audit.value.findings,
          auditFindingEvents: audit.value.events,
          policy,
        })
      : null;

  const exportAs = async (kind: 'xlsx' | 'pdf') => {
    if (report === null) {
      return;
    }
    setBusy(kind);
    setError(null);
    const result = await host.call(kind === 'xlsx' ? 'reports.exportXlsx' : 'reports.exportPdf', { report });
    setBusy(null);
    if (result.ok) {
      downloadBase64(result.value.fileName, result.value.mime, result.value.dataBase64);
    } else {
      setError(t('exportFailed', { message: result.error.message }));
    }
  };

  if (!ready) {
    return <Spin />;
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="reports-page">
      <Card title={t('title')}>
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(v) => v && setMonth(v.format('YYYY-MM'))}
            data-testid="report-month"
          />
          <Select
            style={{ width: 160 }}
            value={chosen}
            onChange={setRegion}
            data-testid="report-region"
            options={regions.map((r) => ({
              value: r,
              label: knownName(r) ?? t(`regionLevel.${r.length}`, { code: r }),
            }))}
            showSearch
            optionFilterProp="label"
          />
          <Input
            style={{ width: 180 }}
            placeholder={chosen === null ? t('regionName') : (knownName(chosen) ?? t('regionName'))}
            value={regionName}
            onChange={(e) => setRegionName(e.target.value)}
          />
          <Button
            icon={<FileExcelOutlined />}
            loading={busy === 'xlsx'}
            disabled={report === null}
            onClick={() => void exportAs('xlsx')}
            data-testid="export-xlsx"
          >
            {t('exportXlsx')}
          </Button>
          <Button
            icon={<FilePdfOutlined />}
            loading={busy === 'pdf'}
            disabled={report === null}
            onClick={() => void exportAs('pdf')}
            data-testid="export-pdf"
          >
            {t('exportPdf')}
          </Button>
        </Space>
        {error !== null && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      </Card>
      {report !== null && (
        <>
          <Card title={t('sections.summary')} data-testid="report-summary">
            <PeriodText
              period={{
                kind: 'month',
                from: report.period.from,
                to: report.period.to,
                month: report.month,
                partial: report.period.partial,
                days: report.period.days,
                current: false,
                endMs: 0,
              }}
            />
            <Space size="large" wrap>
              <Statistic title={t('totals.sites')} value={report.totals.sites} />
              <Statistic title={t('totals.patrols')} value={report.totals.patrols} />
              <Statistic title={t('totals.sitesPatrolled')} value={report.totals.sitesPatrolled} />
              <Statistic title={t('totals.faultsOpened')} value={report.totals.faultsOpened} />
              <Statistic title={t('totals.faultsClosed')} value={report.totals.faultsClosed} />
              <Statistic title={t('totals.faultsOpenAtEnd')} value={report.totals.faultsOpenAtEnd} />
              <Statistic title={t('totals.sitesBelowTarget')} value={report.totals.sitesBelowTarget} />
              <Statistic
                title={t('totals.monitoringRate')}
                value={formatPercent(report.totals.monitoringRate, i18n.language)}
              />
            </Space>
          </Card>
          <Card title={t('sections.patrols')}>
            <Table
              size="small"
              rowKey="patrolId"
              pagination={false}
              dataSource={report.patrols}
              data-testid="report-patrols"
              columns={[
                { title: t('cols.site'), render: (_, p) => `${p.siteName} (${p.siteCode})` },
                { title: t('cols.checkIn'), render: (_, p) => formatDateTime(p.checkInAt, i18n.language) },
                { title: t('cols.duration'), render: (_, p) => p.durationMinutes ?? '—' },
                { title: t('cols.failedItems'), dataIndex: 'failedItems' },
                { title: t('cols.operator'), dataIndex: 'operatorId' },
              ]}
            />
          </Card>
          <Card title={t('sections.faults')}>
            <Table
              size="small"
              rowKey="faultId"
              pagination={false}
              dataSource={report.faults}
              data-testid="report-faults"
              columns={[
                { title: t('cols.site'), render: (_, f) => `${f.siteName} (${f.siteCode})` },
                {
                  title: t('cols.category'),
                  render: (_, f) => (f.category ? t(`faults:categories.${f.category}`) : '—'),
                },
                { title: t('cols.openedAt'), render: (_, f) => formatDateTime(f.openedAt, i18n.language) },
                {
                  title: t('cols.status'),
                  render: (_, f) => <Tag>{t(`faults:statuses.${f.statusAtMonthEnd}`)}</Tag>,
                },
                { title: t('cols.hours'), dataIndex: 'durationHours' },
                { title: t('cols.backfill'), render: (_, f) => t(`backfill.${f.backfill}`) },
              ]}
            />
          </Card>
          <Card title={t('sections.belowTarget')}>
            <Table
              size="small"
              rowKey="siteId"
              pagination={false}
              dataSource={report.belowTarget}
              data-testid="report-below-target"
              columns={[
                { title: t('cols.site'), render: (_, b) => `${b.siteName} (${b.siteCode})` },
                {
                  title: t('cols.reportingRate'),
                  render: (_, b) =>
                    `${formatPercent(b.reportingRate, i18n.language)} / ${formatPercent(b.targetReportingRate, i18n.language)}`,
                },
                {
                  title: t('cols.stability'),
                  render: (_, b) =>
                    `${formatPercent(b.stability, i18n.language)} / ${formatPercent(b.targetStability, i18n.language)}`,
                },
                {
                  title: t('cols.actions'),
                  render: (_, b) =>
                    t('actionsSummary', { patrols: b.patrolDays.length, faults: b.faults.length }),
                },
                {
                  title: t('cols.rectification'),
                  render: (_, b) => <Tag>{t(`rectification.${b.rectification}`)}</Tag>,
                },
              ]}
            />
          </Card>
          <Card title={t('sections.sites')}>
            <Table
              size="small"
              rowKey="siteId"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={report.sites}
              columns={[
                { title: t('cols.site'), render: (_, s) => `${s.name} (${s.code})` },
                { title: t('cols.patrols'), dataIndex: 'patrols' },
                { title: t('cols.faultsOpenAtEnd'), dataIndex: 'faultsOpenAtEnd' },
                {
                  title: t('cols.reportingRate'),
                  render: (_, s) => formatPercent(s.reportingRate, i18n.language),
                },
                {
                  title: t('cols.target'),
                  render: (_, s) =>
                    s.reportingRate === null ? (
                      '—'
                    ) : (
                      <Tag color={s.belowTarget ? 'error' : 'success'}>
                        {t(s.belowTarget ? 'below' : 'met')}
                      </Tag>
                    ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
