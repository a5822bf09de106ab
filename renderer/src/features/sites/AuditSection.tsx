import { Alert, Card, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import { formatDateTime } from '../../i18n/format';
import { useSiteAuditFindings, type AuditFindingView } from '../common/audit-findings';
import { useSiteSeries } from '../common/site-series';
import { AuditFindingDetail, auditStatusColor } from './AuditFindingDetail';
import { chartRange, chartSeriesOf } from './audit-series';

/**
 * 数据审核 on the site page: the site's data-audit findings with their state (the finding-life fold),
 * the chart of the chosen one's element with its window marked, and what the crew may do with it.
 */
export function AuditSection({ site }: { readonly site: Site }) {
  const { t, i18n } = useTranslation('sites');
  const lang = i18n.language;
  const audit = useSiteAuditFindings(site);
  const [chosen, setChosen] = useState<string | null>(null);
  const views = audit.status === 'ready' ? audit.value.views : [];
  const reaudit = audit.status === 'ready' ? audit.value.reaudit : null;
  const selected =
    views.find((v) => v.key === chosen) ??
    views.find((v) => v.state.status !== 'closed' && v.state.status !== 'dismissed') ??
    views[0] ??
    null;
  return (
    <Card size="small" title={t('audit.title')} data-testid="site-audit">
      {audit.status === 'loading' && <Spin tip={t('audit.loading')} />}
      {audit.status === 'error' && <Alert type="error" showIcon message={audit.message} />}
      {audit.status === 'ready' && (
        <>
          {audit.value.author === 'local' && (
            <Typography.Paragraph type="secondary" className="small" data-testid="audit-local-note">
              {t('audit.localNote')}
            </Typography.Paragraph>
          )}
          {!audit.value.held ? (
            <Typography.Text type="secondary" data-testid="audit-not-held">
              {t('audit.notHeld')}
            </Typography.Text>
          ) : views.length === 0 ? (
            <Typography.Text type="success" data-testid="audit-none">
              {t('audit.none')}
            </Typography.Text>
          ) : (
            <Table<AuditFindingView>
              size="small"
              pagination={views.length > 10 ? { pageSize: 10 } : false}
              rowKey="key"
              dataSource={views}
              data-testid="audit-findings"
              rowClassName={(v) => (v.key === selected?.key ? 'ant-table-row-selected' : '')}
              onRow={(v) => ({
                onClick: () => setChosen(v.key),
                style: { cursor: 'pointer' },
                'data-testid': 'audit-finding-row',
                'data-rule': v.finding.rule,
                'data-element': v.finding.element,
                'data-status': v.state.status,
              })}
              columns={[
                {
                  title: t('audit.columns.element'),
                  key: 'element',
                  render: (_, v) => t(`audit.elements.${v.finding.element}`),
                },
                {
                  title: t('audit.columns.rule'),
                  key: 'rule',
                  render: (_, v) => t(`audit.rules.${v.finding.rule}`),
                },
                {
                  title: t('audit.columns.window'),
                  key: 'window',
                  render: (_, v) =>
                    `${formatDateTime(v.finding.from, lang)} – ${formatDateTime(v.finding.to, lang)}${v.finding.ongoing ? ` (${t('audit.ongoing')})` : ''}`,
                },
                {
                  title: t('audit.columns.evidence'),
                  key: 'count',
                  align: 'right',
                  render: (_, v) => t('audit.evidenceCount', { count: v.finding.evidence.count }),
                },
                {
                  title: t('audit.columns.cause'),
                  key: 'cause',
                  render: (_, v) => (v.state.cause === null ? '—' : t(`audit.causes.${v.state.cause}`)),
                },
                {
                  title: t('audit.columns.status'),
                  key: 'status',
                  render: (_, v) => (
                    <Tag color={auditStatusColor[v.state.status]} data-testid="audit-status">
                      {t(`audit.statuses.${v.state.status}`)}
                    </Tag>
                  ),
                },
              ]}
            />
          )}
          {selected !== null &&
            (audit.value.values === null ? (
              <PlatformFinding site={site} view={selected} />
            ) : (
              <AuditFindingDetail
                view={selected}
                series={chartSeriesOf(audit.value.values, selected.finding)}
                intervalMs={site.reportIntervalMinutes * 60_000}
                reaudit={reaudit === null ? null : () => reaudit(selected)}
              />
            ))}
        </>
      )}
    </Card>
  );
}

/** A platform's finding: its chart reads the element's series from the service or the route's cache. */
function PlatformFinding({ site, view }: { readonly site: Site; readonly view: AuditFindingView }) {
  const range = chartRange(view.finding);
  const series = useSiteSeries(site.code, view.finding.element, range.from, range.to);
  return (
    <AuditFindingDetail
      view={view}
      series={series.state === 'ready' ? series.points.map((p) => ({ time: p.time, value: p.value })) : null}
      intervalMs={site.reportIntervalMinutes * 60_000}
      reaudit={null}
    />
  );
}
