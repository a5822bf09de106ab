import { Alert, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { faultCategories, type FaultCategory } from '#shared/domain/index';
import { nextFaultEvent } from '#shared/faults/fault-events';
import { crewFaultEventTypes, type FaultState } from '#shared/faults/state-machine';
import { checkText, textLimits } from '#shared/patrol/limits';
import { formatDateTime } from '../../i18n/format';
import { DraftNotice, LeaveGuard, useDraft, useTextProblem } from '../patrols/index';
import { useFaultWrite } from './use-fault-write';

/** What the crew may record; `verified` and `reopened` come from the platform. */
const crewEvents = crewFaultEventTypes;
type CrewEvent = (typeof crewEvents)[number];

type ActionDraft = {
  readonly type: CrewEvent | null;
  readonly text: string;
  readonly actions: string;
  readonly parts: string;
  /** Epoch ms of the backfill window's ends. */
  readonly backfill: readonly [number | null, number | null] | null;
  readonly target: string | null;
  readonly category: FaultCategory | null;
};
const emptyActionDraft: ActionDraft = {
  type: null,
  text: '',
  actions: '',
  parts: '',
  backfill: null,
  target: null,
  category: null,
};
const isEmptyActionDraft = (d: ActionDraft) =>
  d.text.trim() === '' && d.actions.trim() === '' && d.parts.trim() === '' && d.backfill === null;

export function FaultActions({ state }: { readonly state: FaultState }) {
  const { t, i18n } = useTranslation(['faults', 'patrols']);
  const once = useFaultWrite();
  const draft = useDraft<ActionDraft>(`fault-action.${state.faultId}`, emptyActionDraft, isEmptyActionDraft);
  const update = (change: Partial<ActionDraft>) => {
    once.edited();
    draft.set({ ...draft.value, ...change });
  };
  const type: CrewEvent = draft.value.type ?? (state.status === 'open' ? 'in_progress' : 'repaired');
  const { text, actions, parts, target, category } = draft.value;
  const backfillWindow: [Dayjs | null, Dayjs | null] | null =
    draft.value.backfill === null
      ? null
      : [
          draft.value.backfill[0] === null ? null : dayjs(draft.value.backfill[0]),
          draft.value.backfill[1] === null ? null : dayjs(draft.value.backfill[1]),
        ];
  const textProblem = useTextProblem(checkText(text, 'faultDescription', { required: type === 'comment' }));
  const actionsProblem = useTextProblem(checkText(actions, 'faultActions'));
  const partsProblem = parts.split(/[,，、\n]/).some((p) => p.trim().length > textLimits.faultPart)
    ? t('patrols:limits.partTooLong', { max: textLimits.faultPart })
    : null;
  const blocked = textProblem !== null || actionsProblem !== null || partsProblem !== null;

  const submit = async () => {
    const input = {
      type,
      description: text,
      actions: type === 'repaired' || type === 'corrected' ? actions : null,
      partsReplaced: parts.split(/[,，、\n]/),
      backfillFrom: draft.value.backfill?.[0] ?? null,
      backfillTo: draft.value.backfill?.[1] ?? null,
      correctsEventId: type === 'corrected' ? target : null,
      category: type === 'corrected' ? category : null,
    };
    const saved = await once.write(JSON.stringify(input), (author) => nextFaultEvent(state, input, author));
    if (saved !== null) {
      draft.clear();
    }
  };

  return (
    <Card title={t('actions.title')} data-testid="fault-actions">
      <LeaveGuard />
      <DraftNotice
        restoredAt={draft.restoredAt}
        onDiscard={draft.discard}
        onClose={draft.dismissNotice}
        testId="fault-action-draft-restored"
      />
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item label={t('actions.type')}>
          <Select
            value={type}
            onChange={(v: CrewEvent) => update({ type: v })}
            style={{ width: 220 }}
            data-testid="fault-event-type"
            options={crewEvents.map((e) => ({ value: e, label: t(`events.${e}`) }))}
          />
        </Form.Item>
        {(type === 'repaired' || type === 'corrected') && (
          <>
            <Form.Item
              label={t('fields.actions')}
              required={type === 'repaired'}
              validateStatus={actionsProblem === null ? undefined : 'error'}
              help={actionsProblem ?? undefined}
            >
              <Input.TextArea
                rows={2}
                value={actions}
                onChange={(e) => update({ actions: e.target.value })}
                data-testid="fault-repair-actions"
              />
            </Form.Item>
            <Form.Item
              label={t('fields.parts')}
              validateStatus={partsProblem === null ? undefined : 'error'}
              help={partsProblem ?? undefined}
            >
              <Input
                value={parts}
                onChange={(e) => update({ parts: e.target.value })}
                placeholder={t('actions.partsHint')}
              />
            </Form.Item>
          </>
        )}
        {(type === 'backfill_required' || type === 'corrected') && (
          <Form.Item label={t('fields.backfillWindow')} required={type === 'backfill_required'}>
            <DatePicker.RangePicker
              showTime
              value={backfillWindow}
              onChange={(v) =>
                update({
                  backfill: v === null ? null : [v[0]?.valueOf() ?? null, v[1]?.valueOf() ?? null],
                })
              }
            />
          </Form.Item>
        )}
        {type === 'corrected' && (
          <Space wrap>
            <Form.Item label={t('actions.correctsEvent')} required>
              <Select
                style={{ width: 320 }}
                value={target}
                onChange={(v: string) => update({ target: v })}
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
                onChange={(v: FaultCategory | undefined) => update({ category: v ?? null })}
                options={faultCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item
          label={type === 'corrected' ? t('actions.correctedDescription') : t('fields.note')}
          required={type === 'comment'}
          validateStatus={textProblem !== null && text.length > 0 ? 'error' : undefined}
          help={textProblem ?? undefined}
        >
          <Input.TextArea
            rows={2}
            value={text}
            onChange={(e) => update({ text: e.target.value })}
            data-testid="fault-event-note"
          />
        </Form.Item>
        {once.error !== null && (
          <Alert
            type="error"
            showIcon
            message={once.error}
            style={{ marginBottom: 12 }}
            data-testid="fault-action-error"
          />
        )}
        <Button
          type="primary"
          loading={once.saving}
          disabled={blocked}
          onClick={() => void submit()}
          data-testid="fault-event-submit"
        >
          {t('actions.record')}
        </Button>
      </Form>
    </Card>
  );
}
