import { AimOutlined, LoginOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Result,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checklistForKind } from '#shared/patrol/checklist';
import { decideCheckIn } from '#shared/patrol/geofence';
import { checkInRadiusOf } from '#shared/verdicts/check-in-radius';
import { checkText } from '#shared/patrol/limits';
import { addNote, checkIn } from '#shared/patrol/visit';
import { navigate, useRouteQuery } from '../../app/router';
import { useDemoSeedStatus } from '../../db/demo-seed';
import { useRecord, type FieldEventWrite } from '../../db/index';
import { rememberOperator, useAuthor, useEnrolledAccount, useOperator } from './lib/author';
import { useTextProblem } from './lib/use-text-problem';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';
import { currentPosition, type DevicePosition } from './lib/position';
import { useChecklists } from './lib/use-checklists';
import { positionStore, readCheckIn, takeCheckIn } from '../map/index';
import { localText } from './lib/text';
import { PolicyInForce, usePolicy } from '../../policy/index';
import { OutsideRegionAlert, useConfirmOutsideRegion } from './OutsideRegion';
import { useOutsideRegion } from './lib/region';
import { CalibrationWarning } from '../calibration/index';

/** A crew fix older than this is no proof of being at the site now. */
const freshFixMs = 120_000;

type LocatedFix = DevicePosition & { readonly source: 'gnss' | 'browser' | 'manual' };

/** The fix handed over by the map's popup, else the crew's current fix (GNSS or browser) if fresh. */
function initialFix(siteId: string): LocatedFix | null {
  const handed = readCheckIn(window.sessionStorage, siteId);
  if (handed !== null && handed.position !== null && handed.source !== 'none') {
    return { position: handed.position, accuracyM: handed.accuracyM ?? 0, source: handed.source };
  }
  const crew = positionStore.get().fix;
  if (crew !== null && Date.now() - crew.at <= freshFixMs) {
    return { position: crew.position, accuracyM: crew.accuracyM ?? 0, source: crew.source };
  }
  return null;
}

/** 到站签到: start a patrol at a site (from the map, a task or the site page). */
export function CheckInPage() {
  const { t, i18n } = useTranslation(['patrols', 'common']);
  const query = useRouteQuery();
  const siteId = query.get('siteId') ?? '';
  const taskId = query.get('taskId');
  const once = useWriteOnce();
  const account = useEnrolledAccount();
  const site = useRecord('sites', siteId);
  const checklists = useChecklists();
  const author = useAuthor();
  const operator = useOperator();
  const [fix, setFix] = useState<LocatedFix | null | 'locating'>(() => initialFix(siteId));
  const policy = usePolicy();
  const outsideRegion = useOutsideRegion(site.status === 'ready' ? (site.value?.divisionCode ?? null) : null);
  const confirmOutsideRegion = useConfirmOutsideRegion();
  /** A confirm is open: a second click waits for it instead of asking twice. */
  const asking = useRef(false);
  const [reason, setReason] = useState('');
  // 巡查人: the enrolled account's name unless the crew typed another; co-workers are added beside it.
  const [typedName, setName] = useState<string | null>(null);
  const name = typedName ?? account?.displayName ?? operator;
  const [coworkers, setCoworkers] = useState<string[]>([]);
  const nameProblem = useTextProblem(checkText(name, 'operatorId', { required: true }));
  const reasonProblem = useTextProblem(checkText(reason, 'outsideRadiusReason'));
  const [error, setError] = useState<string | null>(null);
  const seeding = useDemoSeedStatus();

  if (site.status === 'loading' || checklists === null) {
    return <Spin />;
  }
  if (site.status === 'error' || site.value === null) {
    return seeding.phase === 'loading' ? (
      <Spin />
    ) : (
      <Result status="warning" title={t('patrols:checkIn.noSite')} data-testid="check-in-no-site" />
    );
  }
  const s = site.value;
  // Proof of visit: the radius is the province's, per site kind — not the visitor's to set.
  const radius = checkInRadiusOf(policy, s.kind);
  const checklist = typeof checklists === 'string' ? null : checklistForKind(checklists.checklists, s.kind);
  const position = fix !== null && fix !== 'locating' ? fix : null;
  const decision = decideCheckIn({
    site: s.position,
    position: position?.position ?? null,
    radiusM: radius,
    reason,
  });
  const outside = decision.ok ? !decision.inside : decision.reason === 'reason-required';

  const locate = () => {
    setFix('locating');
    void currentPosition().then((p) => setFix(p === null ? null : { ...p, source: 'browser' }));
  };

  const key = () =>
    JSON.stringify([name.trim() || author.operatorId, coworkers, radius, reason, position, taskId]);
  const submit = async () => {
    if (checklist === null || nameProblem !== null || reasonProblem !== null) {
      return;
    }
    // Outside the enrolled region the work would be refused at sync: say so now, before it starts.
    if (asking.current) {
      return;
    }
    if (!once.holds(key())) {
      asking.current = true;
      const goAhead = await confirmOutsideRegion(outsideRegion).finally(() => (asking.current = false));
      if (!goAhead) {
        return;
      }
    }
    setError(null);
    const operatorId = name.trim() || author.operatorId;
    const outcome = await once.run(key(), () => {
      const at = actionAuthor({ ...author, operatorId });
      const made = checkIn(
        {
          site: s,
          checklist,
          position: position?.position ?? null,
          accuracyM: position?.accuracyM ?? null,
          source: position === null ? 'none' : position.source,
          radiusM: radius,
          reason,
          taskId,
        },
        at,
      );
      if (!made.ok) {
        return { ok: false, code: made.error.code, message: made.error.message };
      }
      const items: FieldEventWrite[] = [{ collection: 'patrols', record: made.value }];
      if (coworkers.length > 0) {
        const note = addNote(
          made.value,
          [],
          t('patrols:checkIn.coworkersNote', {
            names: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(coworkers),
          }),
          [],
          at,
        );
        if (note.ok) {
          items.push({ collection: 'patrol_events', record: note.value });
        }
      }
      return { ok: true, records: made.value, items };
    });
    if (outcome.status === 'refused') {
      setError(t(`patrols:refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      rememberOperator(operatorId);
      takeCheckIn(window.sessionStorage, s.id);
      navigate(`/patrols/${outcome.records.id}`);
    }
  };
  const disabledBecause =
    checklist === null
      ? t('patrols:checkIn.noChecklist')
      : reasonProblem !== null
        ? reasonProblem
        : nameProblem === null
          ? null
          : name.trim().length === 0
            ? t('patrols:checkIn.operatorRequired')
            : t('patrols:checkIn.operatorProblem', { problem: nameProblem });

  return (
    <Card title={t('patrols:checkIn.title', { name: s.name })} data-testid="check-in-page">
      <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
        {seeding.phase === 'loading' && (
          <Alert
            type="info"
            showIcon
            data-testid="demo-loading"
            message={t('patrols:checkIn.demoLoading', { loaded: seeding.loaded, total: seeding.total })}
          />
        )}
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('patrols:site.code')}>{s.code}</Descriptions.Item>
          <Descriptions.Item label={t('patrols:site.kind')}>
            {t(`patrols:siteKinds.${s.kind}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('patrols:checkIn.checklist')}>
            {checklist === null ? '—' : localText(checklist.title, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('patrols:checkIn.distance')}>
            <span data-testid="check-in-distance">
              {decision.distanceM === null
                ? t('patrols:checkIn.noPosition')
                : t('patrols:meters', { value: Math.round(decision.distanceM) })}
            </span>
            {decision.ok && decision.inside && (
              <Tag color="success" style={{ marginLeft: 8 }}>
                {t('patrols:checkIn.inside', { radius })}
              </Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
        <OutsideRegionAlert outside={outsideRegion} />
        <CalibrationWarning siteId={s.id} />
        {checklist === null && <Alert type="error" showIcon message={t('patrols:checkIn.noChecklist')} />}
        <Form layout="vertical">
          <Form.Item
            label={t('patrols:checkIn.operator')}
            required
            validateStatus={nameProblem === null ? undefined : 'error'}
            help={
              nameProblem ??
              (account !== null && name === account.displayName
                ? t('patrols:checkIn.operatorFromAccount', { username: account.username })
                : undefined)
            }
          >
            <Input
              value={name}
              onChange={(e) => {
                once.edited();
                setName(e.target.value);
              }}
              data-testid="operator-input"
            />
          </Form.Item>
          <Form.Item label={t('patrols:checkIn.coworkers')} help={t('patrols:checkIn.coworkersHint')}>
            <Select
              mode="tags"
              value={coworkers}
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，', '、']}
              onChange={(v: string[]) => {
                once.edited();
                setCoworkers(v.map((c) => c.trim().slice(0, 64)).filter((c) => c.length > 0));
              }}
              data-testid="coworkers"
            />
          </Form.Item>
          <Form.Item label={t('patrols:checkIn.radius')}>
            <Typography.Text strong data-testid="check-in-radius">
              {t('patrols:meters', { value: radius })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 12 }} data-testid="check-in-radius-source">
              {t('patrols:checkIn.radiusFromPolicy', { kind: t(`patrols:siteKinds.${s.kind}`) })}{' '}
              <PolicyInForce />
            </Typography.Text>
          </Form.Item>
          <Form.Item>
            <Button icon={<AimOutlined />} onClick={locate} loading={fix === 'locating'} data-testid="locate">
              {t('patrols:checkIn.locate')}
            </Button>
            {position !== null && (
              <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                {position.position.lat.toFixed(5)}, {position.position.lng.toFixed(5)} ±{position.accuracyM} m
              </Typography.Text>
            )}
          </Form.Item>
          {outside && (
            <Form.Item label={t('patrols:checkIn.reason')} required>
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                message={t('patrols:checkIn.outside', { radius })}
                data-testid="outside-radius"
              />
              <Input.TextArea
                value={reason}
                onChange={(e) => {
                  once.edited();
                  setReason(e.target.value);
                }}
                status={reasonProblem === null ? undefined : 'error'}
                data-testid="outside-reason"
              />
              {reasonProblem !== null && (
                <Typography.Text type="danger" data-testid="outside-reason-problem">
                  {reasonProblem}
                </Typography.Text>
              )}
            </Form.Item>
          )}
        </Form>
        {error !== null && <Alert type="error" showIcon message={error} data-testid="check-in-error" />}
        <Space>
          <Button
            type="primary"
            icon={<LoginOutlined />}
            disabled={disabledBecause !== null}
            loading={once.saving}
            onClick={() => void submit()}
            data-testid="check-in"
          >
            {t('patrols:checkIn.submit')}
          </Button>
          {disabledBecause !== null && (
            <Typography.Text type="danger" data-testid="check-in-hint">
              {disabledBecause}
            </Typography.Text>
          )}
        </Space>
      </Space>
    </Card>
  );
}
