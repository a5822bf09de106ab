import { Alert, Card, Descriptions, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FaultEvent } from '#shared/domain/index';
import { foldFault, isOpen, isWithdrawable, partsOf, type FaultState } from '#shared/faults/state-machine';
import { parseVerificationNote, verifyRepair } from '#shared/verdicts/index';
import { usePolicy } from '../../policy/index';
import { useMinuteClock } from '../common/site-status';
import type { RouteParams } from '../../app/router';
import { useRecord, useRecords } from '../../db/index';
import { SwapLink } from '../equipment/index';
import { ProceduresButton, useSiteModels } from '../procedures/index';
import { formatDateTime } from '../../i18n/format';
import { FaultActions } from './FaultActions';
import { FaultSlaCard } from './FaultSla';
import { useFaultSlas } from './use-fault-sla';
import { FaultWithdrawal } from './FaultWithdrawal';
import { FaultWorkflow, FaultWorkSummary } from './FaultWorkflow';
import { statusColor } from './status';

function diagnosticsLink(state: FaultState): string {
  const query = new URLSearchParams({ siteId: state.siteId, faultId: state.faultId });
  if (state.patrolId !== null) {
    query.set('patrolId', state.patrolId);
  }
  return `/diagnostics?${query.toString()}`;
}

function EventLine({ event, corrected }: { readonly event: FaultEvent; readonly corrected: boolean }) {
  const { t, i18n } = useTranslation('faults');
  const note = parseVerificationNote(event.description);
  const details = [
    note === null
      ? event.description
      : t(`verification.reasons.${note.reason}`, {
          day: note.values[0] ?? '',
          deadline: note.values[0] ? formatDateTime(Number(note.values[0]), i18n.language) : '',
          threshold: Math.round(Number(note.values[1] ?? 0) * 100),
        }),
    event.actions && `${t('fields.actions')}: ${event.actions}`,
    partsOf(event).length > 0 &&
      `${t('fields.parts')}: ${new Intl.ListFormat(i18n.language, { type: 'unit' }).format(
        partsOf(event).map((p) => `${p.part} ×${p.quantity}${p.serial === null ? '' : ` (${p.serial})`}`),
      )}`,
    event.skipReason && `${t('workflow.skipReason')}: ${event.skipReason}`,
    event.backfillFrom !== null &&
      event.backfillTo !== null &&
      `${t('fields.backfillWindow')}: ${formatDateTime(event.backfillFrom, i18n.language)} – ${formatDateTime(event.backfillTo, i18n.language)}`,
    event.category !== null &&
      event.type === 'corrected' &&
      `${t('fields.category')}: ${t(`categories.${event.category}`)}`,
  ].filter((d): d is string => typeof d === 'string' && d.length > 0);
  return (
    <Space direction="vertical" size={0}>
      <span>
        <Typography.Text strong>{t(`events.${event.type}`)}</Typography.Text> ·{' '}
        {formatDateTime(event.recordedAt, i18n.language)} · {event.operatorId}
        {corrected && (
          <Tag color="warning" style={{ marginLeft: 6 }}>
            {t('detail.amended')}
          </Tag>
        )}
      </span>
      {details.map((d) => (
        <Typography.Text key={d} type="secondary">
          {d}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function FaultDetailPage({ params }: { readonly params: RouteParams }) {
  const { t } = useTranslation('faults');
  const faultId = params['faultId'] ?? '';
  const events = useRecords('fault_events', { selector: { faultId } });
  if (events.status === 'loading') {
    return <Spin />;
  }
  const state = events.status === 'ready' ? foldFault(events.value) : null;
  if (state === null) {
    return <Result status="404" title={t('detail.notFound')} />;
  }
  return <FaultView state={state} />;
}

function FaultView({ state }: { readonly state: FaultState }) {
  const { t, i18n } = useTranslation('faults');
  const site = useRecord('sites', state.siteId);
  const models = useSiteModels(state.siteId);
  const health = useRecord('site_health', state.siteId);
  const policy = usePolicy();
  const now = useMinuteClock();
  const verification = verifyRepair(state, health.status === 'ready' ? health.value : null, policy, now);
  const slas = useFaultSlas(
    [state],
    new Map(site.status === 'ready' && site.value ? [[site.value.id, site.value]] : []),
  );
  const amended = new Set(state.history.filter((e) => e.type === 'corrected').map((e) => e.correctsEventId));
  const siteName =
    site.status === 'ready' && site.value ? `${site.value.name} (${site.value.code})` : state.siteId;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="fault-detail">
      <Card
        title={`${t(`categories.${state.category ?? 'other'}`)} · ${siteName}`}
        extra={
          <Space size={4}>
            {site.status === 'ready' && site.value !== null && (
              <ProceduresButton
                siteKind={site.value.kind}
                models={models}
                faultCategory={state.category}
                testId="fault-procedures"
              />
            )}
            <Tag color={statusColor[state.status]} data-testid="fault-status">
              {t(`statuses.${state.status}`)}
            </Tag>
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('fields.severity')}>
            {state.severity ? t(`severities.${state.severity}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.openedAt')}>
            {formatDateTime(state.openedAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.closedAt')}>
            {state.closedAt === null ? '—' : formatDateTime(state.closedAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.description')} span={3}>
            {state.description}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.backfill')}>
            {state.backfill.doneAt !== null
              ? t('backfill.done', { at: formatDateTime(state.backfill.doneAt, i18n.language) })
              : state.backfill.required
                ? t('backfill.required')
                : t('backfill.notRequired')}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.patrol')}>
            {state.patrolId === null ? (
              '—'
            ) : (
              <a href={`#/patrols/${state.patrolId}`}>{t('detail.openPatrol')}</a>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.reopened')}>{state.reopenCount}</Descriptions.Item>
          <Descriptions.Item label={t('detail.diagnostics')}>
            {/* A session saved from there is filed with this fault (and its patrol). */}
            <a href={`#${diagnosticsLink(state)}`} data-testid="fault-diagnose">
              {t('detail.diagnose')}
            </a>
          </Descriptions.Item>
        </Descriptions>
        {isOpen(state) && <SwapLink siteId={state.siteId} faultId={state.faultId} />}
        {state.status === 'repaired' && (
          <Alert
            type={verification.verdict === 'reopened' ? 'warning' : 'info'}
            showIcon
            data-testid="fault-verification"
            message={t(`verification.${verification.verdict}`)}
            description={t(`verification.reasons.${verification.reason}`, {
              deadline:
                verification.deadline === null ? '' : formatDateTime(verification.deadline, i18n.language),
              threshold: Math.round(verification.threshold * 100),
              day: verification.goodDay ?? '',
              hours: policy.verifyWindowHours,
            })}
          />
        )}
      </Card>
      {slas !== null && <FaultSlaCard sla={slas.get(state.faultId)} />}
      <Card title={t('detail.history')} data-testid="fault-history">
        <Timeline
          items={state.history.map((e) => ({
            key: e.id,
            color: e.type === 'verified' ? 'green' : e.type === 'reopened' ? 'red' : 'blue',
            children: (
              <Space size={4} align="start">
                <EventLine event={e} corrected={amended.has(e.id)} />
                {isOpen(state) && isWithdrawable(e) && <FaultWithdrawal state={state} event={e} />}
              </Space>
            ),
          }))}
        />
        {state.withdrawn.length > 0 && (
          <div data-testid="fault-withdrawn">
            <Typography.Text type="secondary">{t('detail.withdrawnSection')}</Typography.Text>
            <Timeline
              items={state.withdrawn.map((w) => ({
                key: w.event.id,
                color: 'gray',
                children: (
                  <Space direction="vertical" size={0}>
                    <Typography.Text delete>
                      <EventLine event={w.event} corrected={false} />
                    </Typography.Text>
                    <Typography.Text type="warning">
                      {t('detail.withdrawnBy', {
                        at: formatDateTime(w.by.recordedAt, i18n.language),
                        reason: w.by.description ?? '',
                      })}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          </div>
        )}
        {state.rejected.map((r) => (
          <Alert
            key={r.event.id}
            type="warning"
            showIcon
            message={t('detail.heldBack', {
              type: t(`events.${r.event.type}`),
              reason: t(`refusals.${r.reason}`),
            })}
          />
        ))}
      </Card>
      <FaultWorkSummary state={state} />
      <FaultWorkflow state={state} />
      {isOpen(state) && <FaultActions state={state} />}
    </Space>
  );
}
