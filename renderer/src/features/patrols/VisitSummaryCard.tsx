import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Patrol, PatrolEvent } from '#shared/domain/index';
import type { ChecklistConfig } from '#shared/patrol/checklist';
import { summarizeVisit } from '#shared/patrol/visit-summary';
import { useRecords } from '../../db/index';

/** 巡查小结: what the visit did and what is still only on this laptop (shown before and after check-out). */
export function VisitSummaryCard(props: {
  readonly patrol: Patrol;
  readonly checklist: ChecklistConfig | null;
  readonly events: readonly PatrolEvent[];
  readonly closed: boolean;
}) {
  const { t } = useTranslation('patrols');
  const readings = useRecords('readings', { selector: { patrolId: props.patrol.id } });
  const photos = useRecords('photos', { selector: { patrolId: props.patrol.id } });
  const opened = useRecords('fault_events', { selector: { patrolId: props.patrol.id } });
  const faultIds = (opened.status === 'ready' ? opened.value : []).map((e) => e.faultId);
  const faultEvents = useRecords('fault_events', { selector: { faultId: { $in: faultIds } } });
  const summary = summarizeVisit({
    patrol: props.patrol,
    checklist: props.checklist,
    events: props.events,
    readings: readings.status === 'ready' ? readings.value : [],
    photos: photos.status === 'ready' ? photos.value : [],
    faultEvents: [
      ...(opened.status === 'ready' ? opened.value : []),
      ...(faultEvents.status === 'ready' ? faultEvents.value : []).filter(
        (e) => e.patrolId !== props.patrol.id,
      ),
    ],
  });
  const u = summary.unsynced;
  return (
    <Card
      size="small"
      title={props.closed ? t('summary.titleClosed') : t('summary.title')}
      data-testid="visit-summary"
    >
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('summary.items')}>
          <span data-testid="summary-items">
            {t('summary.itemsValue', { done: summary.itemsDone, total: summary.itemsTotal })}
          </span>
          {summary.itemsFailed > 0 && (
            <Tag color="error" style={{ marginLeft: 8 }}>
              {t('summary.failed', { count: summary.itemsFailed })}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('summary.readings')}>
          <span data-testid="summary-readings">{summary.readings}</span>
          {summary.readingsCorrected > 0 && (
            <Tag color="orange" style={{ marginLeft: 8 }}>
              {t('summary.corrected', { count: summary.readingsCorrected })}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('summary.photos')}>
          <span data-testid="summary-photos">{summary.photos}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('summary.faults')}>
          <span data-testid="summary-faults">{summary.faultsOpened}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('summary.unsynced')} span={2}>
          <span data-testid="summary-unsynced">
            {u.total === 0
              ? t('summary.allSynced')
              : t('summary.unsyncedValue', {
                  total: u.total,
                  detail: [
                    u.patrol > 0 ? t('summary.kinds.patrol', { count: u.patrol }) : null,
                    u.events > 0 ? t('summary.kinds.events', { count: u.events }) : null,
                    u.readings > 0 ? t('summary.kinds.readings', { count: u.readings }) : null,
                    u.photos > 0 ? t('summary.kinds.photos', { count: u.photos }) : null,
                    u.faultEvents > 0 ? t('summary.kinds.faultEvents', { count: u.faultEvents }) : null,
                  ]
                    .filter((s): s is string => s !== null)
                    .join(t('summary.separator')),
                })}
          </span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
