import { ApiOutlined, LogoutOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Result, Space, Spin, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patrol, Site } from '#shared/domain/index';
import { checklistForKind, checklistRef } from '#shared/patrol/checklist';
import { checkOut, summarizePatrol } from '#shared/patrol/visit';
import type { RouteParams } from '../../app/router';
import { navigate } from '../../app/router';
import { useRecord, useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { BaseDataCard } from './BaseDataCard';
import { ChecklistCard } from './ChecklistCard';
import { LeaveGuard } from './LeaveGuard';
import { useAuthor } from './lib/author';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';
import { VisitSummaryCard } from './VisitSummaryCard';
import { currentPosition } from './lib/position';
import { useChecklists } from './lib/use-checklists';
import { PhotosCard } from './PhotosCard';
import { ReadingsCard } from './ReadingsCard';
import { ProposalsCard } from './ProposalsCard';
import { SignOffCard } from './SignOffCard';
import { CalibrationCard } from './CalibrationCard';

export function PatrolDetailPage({ params }: { readonly params: RouteParams }) {
  const { t } = useTranslation('patrols');
  const patrol = useRecord('patrols', params['patrolId'] ?? '');
  if (patrol.status === 'loading') {
    return <Spin />;
  }
  if (patrol.status === 'error' || patrol.value === null) {
    return <Result status="404" title={t('detail.notFound')} />;
  }
  return <PatrolWithSite patrol={patrol.value} />;
}

function PatrolWithSite({ patrol }: { readonly patrol: Patrol }) {
  const site = useRecord('sites', patrol.siteId);
  if (site.status !== 'ready' || site.value === null) {
    return <Spin />;
  }
  return <PatrolView patrol={patrol} site={site.value} />;
}

function PatrolView({ patrol, site }: { readonly patrol: Patrol; readonly site: Site }) {
  const { t, i18n } = useTranslation(['patrols', 'faults']);
  const { message } = App.useApp();
  const author = useAuthor();
  const once = useWriteOnce();
  const events = useRecords('patrol_events', { selector: { patrolId: patrol.id } });
  const faults = useRecords('fault_events', { selector: { patrolId: patrol.id, type: 'opened' } });
  const checklists = useChecklists();
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = events.status === 'ready' ? events.value : [];
  const summary = summarizePatrol(patrol, list);
  const checklist =
    typeof checklists === 'string' || checklists === null
      ? null
      : (checklists.checklists.find((c) => checklistRef(c) === patrol.checklistId) ??
        checklistForKind(checklists.checklists, patrol.siteKind));

  // The position is taken once per check-out attempt; a second click while it is read does nothing.
  const closingRef = useRef(false);
  const close = async () => {
    if (closingRef.current) {
      return;
    }
    closingRef.current = true;
    setLocating(true);
    setError(null);
    try {
      const fix = await currentPosition(5000);
      const outcome = await once.run('check-out', () => {
        const out = checkOut(
          patrol,
          list,
          {
            position: fix?.position ?? null,
            accuracyM: fix?.accuracyM ?? null,
            source: fix === null ? 'none' : 'browser',
          },
          site,
          actionAuthor(author),
        );
        return out.ok
          ? { ok: true, records: out.value, items: [{ collection: 'patrol_events', record: out.value }] }
          : { ok: false, code: out.error.code, message: out.error.message };
      });
      if (outcome.status === 'refused') {
        setError(t(`patrols:refusals.${outcome.code}`));
      } else if (outcome.status === 'failed') {
        setError(outcome.error.message);
      } else if (outcome.status === 'saved' && !outcome.repeated) {
        void message.success(t('patrols:detail.checkedOut'));
      }
    } finally {
      closingRef.current = false;
      setLocating(false);
    }
  };

  const openFault = () =>
    navigate(
      `/faults/new?siteId=${encodeURIComponent(site.id)}&patrolId=${encodeURIComponent(patrol.id)}&returnTo=${encodeURIComponent(`/patrols/${patrol.id}`)}`,
    );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="patrol-detail">
      <LeaveGuard />
      <Card
        title={`${site.name} · ${site.code}`}
        extra={
          summary.closed ? (
            <Tag color="default" data-testid="patrol-status">
              {t('patrols:status.closed')}
            </Tag>
          ) : (
            <Tag color="processing" data-testid="patrol-status">
              {t('patrols:status.open')}
            </Tag>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('patrols:detail.checkIn')}>
            {formatDateTime(patrol.checkIn.at, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('patrols:detail.distance')}>
            {patrol.checkIn.distanceM === null
              ? t('patrols:checkIn.noPosition')
              : t('patrols:meters', { value: Math.round(patrol.checkIn.distanceM) })}
            {patrol.outsideRadiusReason !== null && (
              <Tag color="warning" style={{ marginLeft: 8 }}>
                {t('patrols:detail.outside', { reason: patrol.outsideRadiusReason })}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('patrols:detail.operator')}>{patrol.operatorId}</Descriptions.Item>
          <Descriptions.Item label={t('patrols:detail.checkOut')}>
            {summary.checkOutAt === null ? '—' : formatDateTime(summary.checkOutAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('patrols:detail.duration')}>
            <span data-testid="patrol-duration">
              {summary.durationMs === null
                ? '—'
                : t('patrols:minutes', { value: Math.round(summary.durationMs / 60_000) })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('patrols:detail.faults')}>
            <Space wrap>
              {(faults.status === 'ready' ? faults.value : []).map((f) => (
                <a key={f.faultId} href={`#/faults/${f.faultId}`} data-testid="patrol-fault-link">
                  {f.category === null ? f.faultId.slice(0, 8) : t(`faults:categories.${f.category}`)}
                </a>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {checklist !== null && (
        <ChecklistCard patrol={patrol} events={list} checklist={checklist} closed={summary.closed} />
      )}
      <ReadingsCard patrol={patrol} site={site} closed={summary.closed} />
      <PhotosCard patrol={patrol} site={site} checklist={checklist} closed={summary.closed} />
      <BaseDataCard patrol={patrol} site={site} closed={summary.closed} />
      <CalibrationCard patrol={patrol} events={list} />
      <VisitSummaryCard patrol={patrol} checklist={checklist} events={list} closed={summary.closed} />
      <ProposalsCard
        patrol={patrol}
        events={list}
        faultEvents={faults.status === 'ready' ? faults.value : []}
        checklist={checklist}
      />
      <SignOffCard patrol={patrol} events={list} />
      {error !== null && <Alert type="error" showIcon message={error} data-testid="patrol-error" />}
      <Space>
        <Button icon={<WarningOutlined />} onClick={openFault} data-testid="open-fault">
          {t('patrols:detail.openFault')}
        </Button>
        <Button
          icon={<ApiOutlined />}
          onClick={() =>
            navigate(
              `/diagnostics?${new URLSearchParams({ siteId: site.id, patrolId: patrol.id }).toString()}`,
            )
          }
          data-testid="patrol-diagnose"
        >
          {t('patrols:detail.diagnose')}
        </Button>
        {!summary.closed && (
          <Button
            type="primary"
            icon={<LogoutOutlined />}
            loading={locating || once.saving}
            onClick={() => void close()}
            data-testid="check-out"
          >
            {t('patrols:detail.checkOutButton')}
          </Button>
        )}
      </Space>
    </Space>
  );
}
