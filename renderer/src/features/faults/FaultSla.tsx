import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FaultSla, SlaStageStatus, SlaStageVerdict } from '#shared/verdicts/index';
import { formatDateTime } from '../../i18n/format';

const stageColor: Readonly<Record<SlaStageStatus, string>> = {
  met: 'success',
  late: 'error',
  running: 'processing',
  due_soon: 'warning',
  overdue: 'error',
  skipped: 'default',
};

const hoursOf = (ms: number) => Math.round((Math.abs(ms) / 3_600_000) * 10) / 10;

/** The ticket's clock in one tag: the stage running now and its time left or over, or "all met". */
export function SlaClock({ sla }: { readonly sla: FaultSla | undefined }) {
  const { t } = useTranslation('faults');
  if (sla === undefined) {
    return <Typography.Text type="secondary">{t('sla.unknown')}</Typography.Text>;
  }
  const current = sla.current;
  if (current === null) {
    return (
      <Tag color={sla.breaches.length > 0 ? 'error' : 'success'} data-testid="fault-sla-clock">
        {sla.breaches.length > 0 ? t('sla.closedLate', { count: sla.breaches.length }) : t('sla.allMet')}
      </Tag>
    );
  }
  const left = current.remainingMs ?? 0;
  return (
    <Tag color={stageColor[current.status]} data-testid="fault-sla-clock">
      {t(`sla.stages.${current.stage}`)} ·{' '}
      {left < 0 ? t('sla.over', { hours: hoursOf(left) }) : t('sla.left', { hours: hoursOf(left) })}
    </Tag>
  );
}

/** Each stage with its deadline, when it was done and its verdict (the fault page). */
export function FaultSlaCard({ sla }: { readonly sla: FaultSla | undefined }) {
  const { t, i18n } = useTranslation('faults');
  return (
    <Card size="small" title={t('sla.title')} data-testid="fault-sla" extra={<SlaClock sla={sla} />}>
      {sla === undefined ? (
        <Typography.Text type="secondary">{t('sla.unknownWhy')}</Typography.Text>
      ) : (
        <Table<SlaStageVerdict>
          size="small"
          rowKey="stage"
          pagination={false}
          dataSource={[...sla.stages]}
          columns={[
            { title: t('sla.stage'), key: 'stage', render: (_, s) => t(`sla.stages.${s.stage}`) },
            {
              title: t('sla.deadline'),
              key: 'deadline',
              render: (_, s) => formatDateTime(s.deadline, i18n.language),
            },
            {
              title: t('sla.doneAt'),
              key: 'done',
              render: (_, s) => (s.doneAt === null ? '—' : formatDateTime(s.doneAt, i18n.language)),
            },
            {
              title: t('sla.status'),
              key: 'status',
              render: (_, s) => (
                <Tag color={stageColor[s.status]} data-testid={`fault-sla-${s.stage}`}>
                  {t(`sla.statuses.${s.status}`)}
                </Tag>
              ),
            },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('sla.basis', { severity: sla === undefined ? '—' : t(`severities.${sla.severity}`) })}
      </Typography.Paragraph>
    </Card>
  );
}
