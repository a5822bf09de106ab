import { Alert, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { faultCategories, type FaultCategory, type FaultEventType } from '../../../../shared/domain/index';
import { nextFaultEvent } from '../../../../shared/faults/fault-events';
import type { FaultState } from '../../../../shared/faults/state-machine';
import { useDatabase, writeFieldEvent } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { useAuthor } from '../patrols/lib/author';

/** What the crew may record; `verified` and `reopened` come from the platform. */
const crewEvents = [
  'in_progress',
  'repaired',
  'backfill_required',
  'backfill_done',
  'comment',
  'corrected',
] as const;
type CrewEvent = (typeof crewEvents)[number] & FaultEventType;

export function FaultActions({ state }: { readonly state: FaultState }) {
  const { t, i18n } = useTranslation('faults');
  const db = useDatabase();
  const author = useAuthor();
  const [type, setType] = useState<CrewEvent>(state.status === 'open' ? 'in_progress' : 'repaired');
  const [text, setText] = useState('');
  const [actions, setActions] = useState('');
  const [parts, setParts] = useState('');
  const [backfillWindow, setBackfillWindow] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [category, setCategory] = useState<FaultCategory | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    const made = nextFaultEvent(
      state,
      {
        type,
        description: text,
        actions: type === 'repaired' || type === 'corrected' ? actions : null,
        partsReplaced: parts.split(/[,，、\n]/),
        backfillFrom: backfillWindow?.[0]?.valueOf() ?? null,
        backfillTo: backfillWindow?.[1]?.valueOf() ?? null,
        correctsEventId: type === 'corrected' ? target : null,
        category: type === 'corrected' ? category : null,
      },
      author,
    );
    if (!made.ok) {
      setError(t(`refusals.${made.error.code}`));
      return;
    }
    const written = await writeFieldEvent(db, 'fault_events', made.value);
    if (written.ok) {
      setText('');
      setActions('');
      setParts('');
      setBackfillWindow(null);
    } else {
      setError(written.error.message);
    }
  };

  return (
    <Card title={t('actions.title')} data-testid="fault-actions">
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item label={t('actions.type')}>
          <Select
            value={type}
            onChange={setType}
            style={{ width: 220 }}
            data-testid="fault-event-type"
            options={crewEvents.map((e) => ({ value: e, label: t(`events.${e}`) }))}
          />
        </Form.Item>
        {(type === 'repaired' || type === 'corrected') && (
          <>
            <Form.Item label={t('fields.actions')} required={type === 'repaired'}>
              <Input.TextArea
                rows={2}
                value={actions}
                onChange={(e) => setActions(e.target.value)}
                data-testid="fault-repair-actions"
              />
            </Form.Item>
            <Form.Item label={t('fields.parts')}>
              <Input
                value={parts}
                onChange={(e) => setParts(e.target.value)}
                placeholder={t('actions.partsHint')}
              />
            </Form.Item>
          </>
        )}
        {(type === 'backfill_required' || type === 'corrected') && (
          <Form.Item label={t('fields.backfillWindow')} required={type === 'backfill_required'}>
            <DatePicker.RangePicker showTime value={backfillWindow} onChange={(v) => setBackfillWindow(v)} />
          </Form.Item>
        )}
        {type === 'corrected' && (
          <Space wrap>
            <Form.Item label={t('actions.correctsEvent')} required>
              <Select
                style={{ width: 320 }}
                value={target}
                onChange={setTarget}
                options={state.history.map((e) => ({
                  value: e.id,
                  label: `${t(`events.${e.type}`)} · ${formatDateTime(e.recordedAt, i18n.language)}`,
                }))}
              />
            </Form.Item>
            <Form.Item label={t('fields.category')}>
              <Select
                allowClear
                style={{ width: 200 }}
                value={category}
                onChange={(v: FaultCategory | undefined) => setCategory(v ?? null)}
                options={faultCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item label={t('fields.note')}>
          <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </Form.Item>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="fault-action-error"
          />
        )}
        <Button type="primary" onClick={() => void submit()} data-testid="fault-event-submit">
          {t('actions.record')}
        </Button>
      </Form>
    </Card>
  );
}
