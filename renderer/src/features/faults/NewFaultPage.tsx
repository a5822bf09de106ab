import { Alert, Button, Card, Form, Input, Result, Select, Space, Spin } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { faultCategories, faultSeverities, type FaultCategory } from '#shared/domain/index';
import { openFault } from '#shared/faults/fault-events';
import { checkText } from '#shared/patrol/limits';
import { navigate, useRouteQuery } from '../../app/router';
import { useRecord, useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import {
  DraftNotice,
  LeaveGuard,
  OutsideRegionAlert,
  useConfirmOutsideRegion,
  useDraft,
  useOutsideRegion,
  useTextProblem,
} from '../patrols/index';
import { useFaultWrite } from './use-fault-write';

type FaultDraft = {
  readonly category: FaultCategory;
  readonly severity: (typeof faultSeverities)[number];
  readonly description: string;
  readonly linked: readonly string[] | null;
  readonly photoIds: readonly string[];
};
const emptyFaultDraft: FaultDraft = {
  category: 'communication',
  severity: 'medium',
  description: '',
  linked: null,
  photoIds: [],
};
const isEmptyFaultDraft = (d: FaultDraft) => d.description.trim().length === 0;

/** Open a 故障 ticket from a patrol, a diagnostic verdict or a task: `/faults/new?siteId=…&patrolId=…`. */
export function NewFaultPage() {
  const { t, i18n } = useTranslation('faults');
  const query = useRouteQuery();
  const siteId = query.get('siteId') ?? '';
  const patrolId = query.get('patrolId');
  const taskId = query.get('taskId');
  const sessionId = query.get('sessionId');
  const returnTo = query.get('returnTo');
  const once = useFaultWrite();
  const site = useRecord('sites', siteId);
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId } });
  const photos = useRecords('photos', { selector: { siteId } });
  const draft = useDraft<FaultDraft>(
    `fault-new.${siteId}.${patrolId ?? taskId ?? sessionId ?? '-'}`,
    emptyFaultDraft,
    isEmptyFaultDraft,
  );
  const update = (change: Partial<FaultDraft>) => {
    once.edited();
    draft.set({ ...draft.value, ...change });
  };
  const { category, severity, description, photoIds } = draft.value;
  const linked = draft.value.linked ?? (sessionId === null ? [] : [sessionId]);
  const descriptionProblem = useTextProblem(checkText(description, 'faultDescription'));
  const outsideRegion = useOutsideRegion(site.status === 'ready' ? (site.value?.divisionCode ?? null) : null);
  const confirmOutsideRegion = useConfirmOutsideRegion();
  /** A confirm is open: a second click waits for it instead of asking twice. */
  const asking = useRef(false);

  if (site.status === 'loading') {
    return <Spin />;
  }
  if (site.status === 'error' || site.value === null) {
    return <Result status="warning" title={t('new.noSite')} />;
  }
  const s = site.value;
  const patrolPhotos = (photos.status === 'ready' ? photos.value : []).filter(
    (p) => patrolId === null || p.patrolId === patrolId,
  );

  const submit = async () => {
    const key = JSON.stringify([category, severity, description.trim(), linked, photoIds]);
    // Outside the enrolled region the ticket would be refused at sync: say so before it is opened.
    if (asking.current) {
      return;
    }
    if (!once.holds(key)) {
      asking.current = true;
      const goAhead = await confirmOutsideRegion(outsideRegion).finally(() => (asking.current = false));
      if (!goAhead) {
        return;
      }
    }
    const saved = await once.write(key, (author) =>
      openFault(
        {
          siteId: s.id,
          divisionCode: s.divisionCode,
          category,
          severity,
          description,
          patrolId,
          taskId,
          diagnosticSessionIds: linked,
          photoIds,
        },
        author,
      ),
    );
    if (saved !== null) {
      draft.clear();
      navigate(returnTo ?? `/faults/${saved.faultId}`);
    }
  };

  return (
    <Card title={t('new.title', { name: s.name })} data-testid="new-fault">
      <LeaveGuard />
      <DraftNotice
        restoredAt={draft.restoredAt}
        onDiscard={draft.discard}
        onClose={draft.dismissNotice}
        testId="fault-draft-restored"
      />
      <OutsideRegionAlert outside={outsideRegion} />
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Space size="large" wrap>
          <Form.Item label={t('fields.category')} required>
            <Select
              style={{ width: 200 }}
              value={category}
              onChange={(v: FaultCategory) => update({ category: v })}
              data-testid="fault-category"
              options={faultCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('fields.severity')} required>
            <Select
              style={{ width: 140 }}
              value={severity}
              onChange={(v: FaultDraft['severity']) => update({ severity: v })}
              data-testid="fault-severity"
              options={faultSeverities.map((c) => ({ value: c, label: t(`severities.${c}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          label={t('fields.description')}
          required
          validateStatus={descriptionProblem === null ? undefined : 'error'}
          help={descriptionProblem ?? undefined}
        >
          <Input.TextArea
            rows={3}
            value={description}
            onChange={(e) => update({ description: e.target.value })}
            data-testid="fault-description"
          />
        </Form.Item>
        <Form.Item label={t('fields.sessions')}>
          <Select
            mode="multiple"
            value={[...linked]}
            onChange={(v: string[]) => update({ linked: v })}
            options={(sessions.status === 'ready' ? sessions.value : []).map((d) => ({
              value: d.id,
              label: `${d.protocol} · ${formatDateTime(d.startedAt, i18n.language)}`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('fields.photos')}>
          <Select
            mode="multiple"
            value={[...photoIds]}
            onChange={(v: string[]) => update({ photoIds: v })}
            data-testid="fault-photos"
            options={patrolPhotos.map((p) => ({
              value: p.id,
              label: `${formatDateTime(p.takenAt, i18n.language)} · ${p.originalSha256.slice(0, 8)}`,
            }))}
          />
        </Form.Item>
        {once.error !== null && (
          <Alert
            type="error"
            showIcon
            message={once.error}
            style={{ marginBottom: 12 }}
            data-testid="fault-error"
          />
        )}
        <Space>
          <Button
            type="primary"
            danger
            loading={once.saving}
            disabled={descriptionProblem !== null}
            onClick={() => void submit()}
            data-testid="fault-submit"
          >
            {t('new.submit')}
          </Button>
          {returnTo !== null && (
            <Button
              onClick={() => {
                draft.discard();
                navigate(returnTo);
              }}
            >
              {t('new.cancel')}
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}
