import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Spin,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patrol, PatrolEvent } from '#shared/domain/index';
import { calibrationKinds, calibrationResults } from '#shared/domain/index';
import { recordCalibration, type CalibrationInput } from '#shared/patrol/calibration';
import { visitLock } from '#shared/patrol/visit';
import { calibrationEntriesOf } from '#shared/verdicts/calibration';
import { useRecords } from '../../db/index';
import { usePolicy } from '../../policy/index';
import {
  instrumentLabel,
  RegisterTable,
  useCalibrationRegister,
  type RegisterRow,
} from '../calibration/index';
import { useAuthor } from './lib/author';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

type Draft = Omit<CalibrationInput, 'calibratedOn'> & { readonly calibratedOn: string | null };

const emptyDraft = (equipmentId: string): Draft => ({
  equipmentId,
  kind: 'verification',
  calibratedOn: null,
  certificateNo: '',
  institution: '',
  intervalMonths: null,
  result: 'pass',
  note: '',
  photoIds: [],
  supersedesId: null,
});

/**
 * 检定/校准 on a visit: the site's instruments with the register's verdict, and the form that records a
 * certificate seen on site (its photo taken under Photos first). The core builds and refuses by name.
 */
export function CalibrationCard(props: { readonly patrol: Patrol; readonly events: readonly PatrolEvent[] }) {
  const { t } = useTranslation('calibration');
  const register = useCalibrationRegister(props.patrol.siteId);
  const open = visitLock(props.patrol, props.events) === null;
  const [draft, setDraft] = useState<Draft | null>(null);
  return (
    <Card
      title={t('card.title')}
      data-testid="calibration-card"
      extra={
        open &&
        register !== null &&
        register.length > 0 && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setDraft(emptyDraft(register[0]!.equipmentId))}
            data-testid="calibration-record"
          >
            {t('card.record')}
          </Button>
        )
      }
    >
      {register === null ? (
        <Spin />
      ) : register.length === 0 ? (
        t('card.none')
      ) : (
        <RegisterTable rows={register} showSite={false} />
      )}
      {draft !== null && register !== null && (
        <RecordForm
          patrol={props.patrol}
          events={props.events}
          register={register}
          draft={draft}
          onChange={setDraft}
          onClose={() => setDraft(null)}
        />
      )}
    </Card>
  );
}

function RecordForm(props: {
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
  readonly register: readonly RegisterRow[];
  readonly draft: Draft;
  readonly onChange: (d: Draft) => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation('calibration');
  const { message } = App.useApp();
  const policy = usePolicy();
  const author = useAuthor();
  const once = useWriteOnce();
  const photos = useRecords('photos', { selector: { patrolId: props.patrol.id } });
  const [error, setError] = useState<string | null>(null);
  const { draft } = props;
  const change = (patch: Partial<Draft>) => {
    once.edited();
    setError(null);
    props.onChange({ ...draft, ...patch });
  };
  const instrument = props.register.find((r) => r.equipmentId === draft.equipmentId);
  const policyMonths = instrument === undefined ? null : policy.calibration.intervalMonths[instrument.role];
  const earlier = calibrationEntriesOf(props.events).filter(
    (e) => e.record.equipmentId === draft.equipmentId,
  );
  const photoList = photos.status === 'ready' ? photos.value : [];

  const save = async () => {
    const calibratedOn = draft.calibratedOn;
    if (calibratedOn === null) {
      setError(t('refusals.invalid-certificate'));
      return;
    }
    const outcome = await once.run(JSON.stringify(draft), () => {
      const made = recordCalibration(
        props.patrol,
        props.events,
        props.register.map((r) => r.equipment),
        { ...draft, calibratedOn },
        actionAuthor(author),
      );
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'patrol_events', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'refused') {
      setError(t(`refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      void message.success(t('form.saved'));
      props.onClose();
    }
  };

  return (
    <Modal
      open
      title={t('form.title')}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      onOk={() => void save()}
      onCancel={props.onClose}
      confirmLoading={once.saving}
      okButtonProps={{ 'data-testid': 'calibration-save' }}
      width={640}
    >
      <Form layout="vertical" data-testid="calibration-form">
        <Form.Item label={t('form.instrument')} required>
          <Select
            value={draft.equipmentId}
            onChange={(equipmentId: string) => change({ equipmentId, supersedesId: null })}
            options={props.register.map((r) => ({
              value: r.equipmentId,
              label: `${instrumentLabel(t, r.equipment)} — ${t(`status.${r.status}`)}`,
            }))}
            data-testid="calibration-instrument"
          />
        </Form.Item>
        <Form.Item label={t('form.kind')} required>
          <Radio.Group
            value={draft.kind}
            onChange={(e) => change({ kind: e.target.value as Draft['kind'] })}
            options={calibrationKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('form.calibratedOn')} required>
          <DatePicker
            value={draft.calibratedOn === null ? null : dayjs(draft.calibratedOn)}
            onChange={(d) => change({ calibratedOn: d === null ? null : d.format('YYYY-MM-DD') })}
            data-testid="calibration-day"
          />
        </Form.Item>
        <Form.Item label={t('form.certificateNo')} required>
          <Input
            value={draft.certificateNo}
            maxLength={80}
            onChange={(e) => change({ certificateNo: e.target.value })}
            data-testid="calibration-certificate"
          />
        </Form.Item>
        <Form.Item label={t('form.institution')} required>
          <Input
            value={draft.institution}
            maxLength={200}
            onChange={(e) => change({ institution: e.target.value })}
            data-testid="calibration-institution"
          />
        </Form.Item>
        <Form.Item
          label={t('form.interval')}
          help={
            policyMonths === null
              ? t('form.intervalNone')
              : t('form.intervalHint', { months: t('months', { count: policyMonths }) })
          }
        >
          <InputNumber
            min={1}
            max={120}
            precision={0}
            value={draft.intervalMonths}
            onChange={(v) => change({ intervalMonths: typeof v === 'number' ? v : null })}
            data-testid="calibration-interval"
          />
        </Form.Item>
        <Form.Item label={t('form.result')} required>
          <Radio.Group
            value={draft.result}
            onChange={(e) => change({ result: e.target.value as Draft['result'] })}
            options={calibrationResults.map((r) => ({ value: r, label: t(`results.${r}`) }))}
            data-testid="calibration-result"
          />
        </Form.Item>
        <Form.Item
          label={t('form.photos')}
          help={photoList.length === 0 ? t('form.noPhotos') : t('form.photosHint')}
        >
          <Select
            mode="multiple"
            value={[...draft.photoIds]}
            onChange={(photoIds: string[]) => change({ photoIds })}
            options={photoList.map((p) => ({
              value: p.id,
              label: `${new Date(p.takenAt).toISOString().slice(11, 16)} · ${p.originalSha256.slice(0, 8)}`,
            }))}
            data-testid="calibration-photos"
          />
        </Form.Item>
        {earlier.length > 0 && (
          <Form.Item label={t('form.corrects')} help={t('form.correctsHint')}>
            <Select
              allowClear
              value={draft.supersedesId}
              onChange={(v: string | undefined) => change({ supersedesId: v ?? null })}
              options={earlier.map((e) => ({
                value: e.id,
                label: `${e.record.calibratedOn} · ${e.record.certificateNo}`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('form.note')}>
          <Input.TextArea
            value={draft.note}
            maxLength={2000}
            onChange={(e) => change({ note: e.target.value })}
          />
        </Form.Item>
      </Form>
      {error !== null && <Alert type="error" showIcon message={error} data-testid="calibration-error" />}
    </Modal>
  );
}
