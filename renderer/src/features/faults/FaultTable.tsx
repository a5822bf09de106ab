import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import type { FaultState } from '#shared/faults/state-machine';
import { SlaClock } from './FaultSla';
import { useFaultSlas } from './use-fault-sla';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../i18n/format';
import { useClock } from '../patrols/index';
import { statusColor } from './status';

export function FaultTable(props: {
  readonly faults: readonly FaultState[];
  readonly sites: ReadonlyMap<string, Site>;
  readonly showSite?: boolean;
}) {
  const { t, i18n } = useTranslation('faults');
  const now = useClock();
  const slas = useFaultSlas(props.faults, props.sites);
  return (
    <Table<FaultState>
      size="small"
      rowKey="faultId"
      dataSource={[...props.faults]}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('list.empty') }}
      onRow={(f) => ({ onClick: () => navigate(`/faults/${f.faultId}`), style: { cursor: 'pointer' } })}
      data-testid="fault-table"
      columns={[
        ...(props.showSite === false
          ? []
          : [
              {
                title: t('list.site'),
                key: 'site',
                render: (_: unknown, f: FaultState) => {
                  const s = props.sites.get(f.siteId);
                  return s ? `${s.name} (${s.code})` : f.siteId;
                },
              },
            ]),
        {
          title: t('fields.category'),
          key: 'c',
          render: (_, f) => (f.category ? t(`categories.${f.category}`) : '—'),
        },
        {
          title: t('fields.severity'),
          key: 'sev',
          render: (_, f) => (f.severity ? t(`severities.${f.severity}`) : '—'),
        },
        {
          title: t('fields.openedAt'),
          key: 'o',
          render: (_, f) => formatDateTime(f.openedAt, i18n.language),
        },
        {
          title: t('list.duration'),
          key: 'd',
          render: (_, f) =>
            t('list.hours', { value: Math.round(((f.closedAt ?? now) - f.openedAt) / 360_000) / 10 }),
        },
        {
          title: t('fields.backfill'),
          key: 'b',
          render: (_, f) =>
            f.backfill.doneAt !== null ? (
              t('backfill.doneShort')
            ) : f.backfill.required ? (
              <Tag color="warning">{t('backfill.required')}</Tag>
            ) : (
              '—'
            ),
        },
        {
          title: t('list.sla'),
          key: 'sla',
          render: (_, f) => (slas === null ? null : <SlaClock sla={slas.get(f.faultId)} />),
        },
        {
          title: t('list.state'),
          key: 's',
          render: (_, f) => <Tag color={statusColor[f.status]}>{t(`statuses.${f.status}`)}</Tag>,
        },
      ]}
    />
  );
}
