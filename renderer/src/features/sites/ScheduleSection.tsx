import { Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import type { OccurrenceState } from '#shared/verdicts/index';
import { formatDateTime } from '../../i18n/format';
import { ExcuseVisit, useSiteSchedules } from '../tasks/index';

const stateColours: Record<OccurrenceState, string> = {
  done: 'green',
  done_late: 'cyan',
  due: 'gold',
  overdue: 'red',
  excused: 'default',
  upcoming: 'blue',
};

/** 巡检计划 on the site page: the site's rule and its visits, owed ones excusable with a reason. */
export function ScheduleSection({ site }: { readonly site: Site }) {
  const { t, i18n } = useTranslation('tasks');
  const one = useMemo(() => [site], [site]);
  const verdict = useSiteSchedules(one)?.get(site.id) ?? null;
  return (
    <Card size="small" title={t('schedule.section')} data-testid="site-schedule">
      {verdict === null ? (
        <Spin />
      ) : verdict.rule === null ? (
        <Typography.Text type="secondary">{t('schedule.noSchedule')}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary" data-testid="site-schedule-rule">
            {t('schedule.rule', { rule: verdict.rule })}
          </Typography.Text>
          {verdict.occurrences.length === 0 ? (
            <Empty description={t('schedule.nothing')} />
          ) : (
            <Table
              size="small"
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              rowKey="day"
              dataSource={[...verdict.occurrences].reverse()}
              columns={[
                { title: t('schedule.day'), key: 'day', dataIndex: 'day' },
                {
                  title: t('schedule.status'),
                  key: 'state',
                  render: (_, o) => (
                    <Tag color={stateColours[o.state]} data-testid={`site-visit-${o.day}`}>
                      {t(`schedule.state.${o.state}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('schedule.doneAt'),
                  key: 'doneAt',
                  render: (_, o) => (o.doneAt === null ? '—' : formatDateTime(o.doneAt, i18n.language)),
                },
                {
                  title: t('schedule.reason'),
                  key: 'reason',
                  render: (_, o) =>
                    o.state === 'due' || o.state === 'overdue' ? (
                      <ExcuseVisit site={site} day={o.day} />
                    ) : (
                      (o.excuse ?? '—')
                    ),
                },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
