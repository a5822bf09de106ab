import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../i18n/format';
import type { PatrolRow } from './lib/summaries';

export function PatrolTable({
  rows,
  showSite = true,
}: {
  readonly rows: readonly PatrolRow[];
  readonly showSite?: boolean;
}) {
  const { t, i18n } = useTranslation('patrols');
  return (
    <Table<PatrolRow>
      size="small"
      rowKey={(r) => r.patrol.id}
      dataSource={[...rows]}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('list.empty') }}
      onRow={(r) => ({ onClick: () => navigate(`/patrols/${r.patrol.id}`), style: { cursor: 'pointer' } })}
      data-testid="patrol-table"
      columns={[
        ...(showSite
          ? [
              {
                title: t('list.site'),
                key: 'site',
                render: (_: unknown, r: PatrolRow) =>
                  r.site ? `${r.site.name} (${r.site.code})` : r.patrol.siteId,
              },
            ]
          : []),
        {
          title: t('list.checkIn'),
          key: 'in',
          render: (_, r) => formatDateTime(r.patrol.checkIn.at, i18n.language),
        },
        {
          title: t('list.distance'),
          key: 'd',
          render: (_, r) => (
            <>
              {r.patrol.checkIn.distanceM === null
                ? '—'
                : t('meters', { value: Math.round(r.patrol.checkIn.distanceM) })}
              {r.patrol.outsideRadiusReason !== null && (
                <Tag color="warning" style={{ marginLeft: 6 }}>
                  {t('list.outside')}
                </Tag>
              )}
            </>
          ),
        },
        {
          title: t('list.duration'),
          key: 'dur',
          render: (_, r) =>
            r.durationMs === null ? '—' : t('minutes', { value: Math.round(r.durationMs / 60_000) }),
        },
        {
          title: t('list.failed'),
          key: 'f',
          render: (_, r) => (r.failedItems > 0 ? <Tag color="error">{r.failedItems}</Tag> : 0),
        },
        { title: t('list.operator'), key: 'op', render: (_, r) => r.patrol.operatorId },
        {
          title: t('list.state'),
          key: 's',
          render: (_, r) => (
            <Tag color={r.closed ? 'default' : 'processing'}>
              {t(r.closed ? 'status.closed' : 'status.open')}
            </Tag>
          ),
        },
      ]}
    />
  );
}
