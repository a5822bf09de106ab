import { SwapOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Correction, Reading, Site } from '#shared/domain/index';
import { counterSwapsOf } from '#shared/verdicts/index';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { ReadingWithdrawal } from '../patrols/index';

const statusColor = { pending: 'gold', approved: 'green', rejected: 'red' } as const;

/** The site's meter and RTU swaps (newest first) with their registry proposal, and the way to record one. */
export function SwapHistoryCard({ site }: { readonly site: Site }) {
  const { t, i18n } = useTranslation('swaps');
  const readings = useRecords('readings', { selector: { siteId: site.id } });
  const corrections = useRecords('corrections', { selector: { siteId: site.id } });
  const stored = readings.status === 'ready' ? readings.value : [];
  const counted = new Set(counterSwapsOf(stored).map((s) => s.id));
  const rows = stored
    // A withdrawal repeats the swap it takes back: it is shown on that swap's row, not as one of its own.
    .filter(
      (r): r is Reading & { swap: NonNullable<Reading['swap']> } =>
        (r.swap ?? null) !== null && r.withdrawn !== true,
    )
    .sort((a, b) => b.takenAt - a.takenAt);
  const proposals = new Map(
    (corrections.status === 'ready' ? corrections.value : []).map((c): [string, Correction] => [c.id, c]),
  );
  return (
    <Card
      size="small"
      title={t('history.title')}
      data-testid="swap-history"
      extra={
        <Button
          size="small"
          icon={<SwapOutlined />}
          onClick={() => navigate(`/sites/${site.id}/swap`)}
          data-testid="swap-open"
        >
          {t('open')}
        </Button>
      }
    >
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={rows}
        locale={{ emptyText: t('history.empty') }}
        columns={[
          { title: t('history.at'), key: 'at', render: (_, r) => formatDateTime(r.takenAt, i18n.language) },
          { title: t('history.role'), key: 'role', render: (_, r) => t(`roles.${r.swap.role}`) },
          {
            title: t('history.oldFinal'),
            key: 'old',
            render: (_, r) => `${r.swap.oldFinal} ${r.unit}`,
          },
          {
            title: t('history.newInitial'),
            key: 'new',
            render: (_, r) => `${r.value} ${r.unit}`,
          },
          {
            title: t('history.serials'),
            key: 'serials',
            render: (_, r) => `${r.swap.oldSerial ?? t('history.none')} → ${r.swap.newSerial}`,
          },
          {
            title: t('history.proposal'),
            key: 'proposal',
            render: (_, r) => {
              if (!counted.has(r.id)) {
                return <Tag>{t('history.withdrawn')}</Tag>;
              }
              const c = r.swap.correctionId === null ? undefined : proposals.get(r.swap.correctionId);
              return c === undefined ? (
                t('history.none')
              ) : (
                <Tag color={statusColor[c.status]}>{t(`history.${c.status}`)}</Tag>
              );
            },
          },
          {
            key: 'withdraw',
            render: (_, r) => (counted.has(r.id) ? <ReadingWithdrawal reading={r} all={stored} /> : null),
          },
        ]}
      />
    </Card>
  );
}
