import { Alert, Card, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { partsStock, type CrewKey, type CrewStock } from '#shared/verdicts/parts-stock';
import { useRecords } from '../../db/index';
import { usePolicy } from '../../policy/index';
import { useEnrolledAccount, useOperator } from '../patrols/index';

const keyOf = (c: CrewKey) => `${c.kind}:${c.id}`;

/**
 * 备件库存 per crew: what the province issued to each crew (policy.partsIssued) minus what its repairs
 * fitted — the core's figures (parts-stock.ts), the same the service counts. This laptop's crew first.
 */
export function PartsStockPage() {
  const { t } = useTranslation('parts');
  const policy = usePolicy();
  const events = useRecords('fault_events');
  const account = useEnrolledAccount();
  const operator = useOperator();
  const [chosen, setChosen] = useState<string | null>(null);
  if (events.status === 'loading') {
    return <Spin />;
  }
  if (events.status === 'error') {
    return <Alert type="error" message={events.message} />;
  }
  const stock = partsStock(policy.partsIssued, events.value);
  const mine = (c: CrewKey) =>
    c.kind === 'account'
      ? c.id === account?.username || c.id === operator
      : account !== null && account.scope.startsWith(c.id);
  const ordered = [...stock].sort((a, b) => Number(mine(b.crew)) - Number(mine(a.crew)));
  const crewLabel = (c: CrewKey) => t(`crewKinds.${c.kind}`, { id: c.id });
  const selected: CrewStock[] =
    chosen === null ? ordered.filter((s) => mine(s.crew)) : ordered.filter((s) => keyOf(s.crew) === chosen);
  const shown = chosen === null && selected.length === 0 ? ordered : selected;
  return (
    <Card title={t('title')} data-testid="parts-stock-page">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ width: 320 }}
          value={chosen ?? ''}
          onChange={(v: string) => setChosen(v === '' ? null : v)}
          data-testid="parts-crew"
          options={[
            { value: '', label: t('mine') },
            ...ordered.map((s) => ({ value: keyOf(s.crew), label: crewLabel(s.crew) })),
          ]}
        />
        {shown.length === 0 && <Typography.Text type="secondary">{t('noCrew')}</Typography.Text>}
        {shown.map((s) => (
          <Card key={keyOf(s.crew)} size="small" title={`${t('crew')}: ${crewLabel(s.crew)}`}>
            <Table
              size="small"
              pagination={false}
              rowKey="part"
              dataSource={[...s.parts]}
              locale={{ emptyText: t('empty') }}
              columns={[
                { title: t('part'), dataIndex: 'part' },
                { title: t('issued'), dataIndex: 'issued', align: 'right' },
                { title: t('used'), dataIndex: 'used', align: 'right' },
                {
                  title: t('left'),
                  key: 'left',
                  align: 'right',
                  render: (_, p) =>
                    p.overdrawn ? (
                      <Tag color="red" data-testid="parts-overdrawn">
                        {p.onHand} · {t('overdrawn')}
                      </Tag>
                    ) : (
                      p.onHand
                    ),
                },
              ]}
            />
          </Card>
        ))}
      </Space>
    </Card>
  );
}
