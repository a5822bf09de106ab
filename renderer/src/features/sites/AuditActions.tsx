import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditCauses, type AuditCause } from '#shared/verdicts/audit/index';
import type { AuditEventDraft } from '../../db/audit-events';
import { formatDateTime } from '../../i18n/format';
import type { AuditFindingView } from '../common/audit-findings';
import { useAuditWrite } from './audit-write';

type Action = AuditEventDraft['type'];

/** What the fold suggests next; every action stays selectable and the fold refuses what it would not take. */
function nextAction(view: AuditFindingView): Action {
  switch (view.state.status) {
    case 'open':
      return 'cause_recorded';
    case 'cause_recorded':
      return view.state.cause === 'genuine_event' ? 'dismissed' : 'corrected';
    case 'corrected':
    case 'closed':
    case 'dismissed':
      return 'closed';
  }
}

/**
 * The crew's actions on one finding: record a cause, correct (revised values beside their originals,
 * or a 补报 batch), close after a correction, dismiss as genuine. Closing is the platform's once it
 * re-audits; on a laptop of the demo province (this laptop's own audit) `reaudit` answers whether the
 * corrected data is clean, and only then is the close written.
 */
export function AuditActions({
  view,
  reaudit,
}: {
  readonly view: AuditFindingView;
  /** Whether the re-audit of the corrected data no longer finds it (this laptop's own findings only). */
  readonly reaudit: (() => boolean) | null;
}) {
  const { t, i18n } = useTranslation('sites');
  const lang = i18n.language;
  const save = useAuditWrite();
  const [chosen, setAction] = useState<Action | null>(null);
  const [cause, setCause] = useState<AuditCause>('meter_fault');
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'revised_values' | 'backfill'>('revised_values');
  const [revised, setRevised] = useState<Record<number, number | null>>({});
  const [batchId, setBatchId] = useState('');
  const [count, setCount] = useState<number | null>(view.finding.evidence.count || 1);
  const [notice, setNotice] = useState<string | null>(null);
  const action = chosen ?? nextAction(view);
  const actions: Action[] = [
    'cause_recorded',
    'corrected',
    ...(reaudit === null ? [] : ['closed' as const]),
    'dismissed',
  ];
  const edited = () => {
    save.edited();
    setNotice(null);
  };
  const evidence = view.finding.evidence.values;
  const f = view.finding;

  const draft = (): AuditEventDraft | string => {
    const note = text.trim() === '' ? null : text.trim();
    switch (action) {
      case 'cause_recorded':
        return { type: action, cause, note };
      case 'closed':
        return { type: action, note };
      case 'dismissed':
        return note === null ? t('audit.form.reasonRequired') : { type: action, reason: note };
      case 'corrected': {
        if (note === null) {
          return t('audit.form.reasonRequired');
        }
        if (kind === 'backfill') {
          return batchId.trim() === ''
            ? t('audit.form.batchIdRequired')
            : {
                type: action,
                reason: note,
                correction: { kind, batchId: batchId.trim(), from: f.from, to: f.to, count: count ?? 1 },
              };
        }
        const values = evidence.flatMap((p) => {
          const r = revised[p.time];
          return r === undefined || r === null ? [] : [{ time: p.time, original: p.value, revised: r }];
        });
        return values.length === 0
          ? t('audit.form.revisedRequired')
          : { type: action, reason: note, correction: { kind, values } };
      }
    }
  };

  const submit = async () => {
    const d = draft();
    if (typeof d === 'string') {
      save.setError(d);
      return;
    }
    if (d.type === 'closed' && reaudit !== null && view.state.status === 'corrected') {
      if (!reaudit()) {
        save.setError(t('audit.reauditStill'));
        return;
      }
    }
    const saved = await save.write(
      { findingKey: view.key, siteCode: f.siteCode, divisionCode: view.divisionCode, state: view.state },
      d,
    );
    if (saved !== null) {
      setText('');
      setRevised({});
      setAction(null);
      setNotice(t('audit.saved'));
    }
  };

  return (
    <Form layout="vertical" style={{ maxWidth: 760 }} data-testid="audit-actions">
      <Form.Item label={t('audit.columns.status')}>
        <Radio.Group
          value={action}
          optionType="button"
          data-testid="audit-action"
          onChange={(e) => {
            edited();
            setAction(e.target.value as Action);
          }}
          options={actions.map((a) => ({
            value: a,
            label: t(
              `audit.actions.${{ cause_recorded: 'recordCause', corrected: 'correct', closed: 'close', dismissed: 'dismiss' }[a]}`,
            ),
          }))}
        />
      </Form.Item>
      {action === 'cause_recorded' && (
        <Form.Item label={t('audit.form.cause')}>
          <Select
            value={cause}
            style={{ width: 260 }}
            data-testid="audit-cause"
            onChange={(v: AuditCause) => {
              edited();
              setCause(v);
            }}
            options={auditCauses.map((c) => ({ value: c, label: t(`audit.causes.${c}`) }))}
          />
        </Form.Item>
      )}
      {action === 'corrected' && (
        <>
          <Form.Item label={t('audit.form.kind')}>
            <Radio.Group
              value={kind}
              data-testid="audit-correction-kind"
              onChange={(e) => {
                edited();
                setKind(e.target.value as typeof kind);
              }}
              options={[
                { value: 'revised_values', label: t('audit.form.revisedValues') },
                { value: 'backfill', label: t('audit.form.backfill') },
              ]}
            />
          </Form.Item>
          {kind === 'revised_values' ? (
            <Table
              size="small"
              pagination={false}
              rowKey="time"
              dataSource={[...evidence]}
              data-testid="audit-revised-table"
              style={{ marginBottom: 16 }}
              columns={[
                { title: t('audit.detail.time'), key: 't', render: (_, p) => formatDateTime(p.time, lang) },
                { title: t('audit.detail.original'), key: 'o', align: 'right', render: (_, p) => p.value },
                {
                  title: t('audit.detail.revised'),
                  key: 'r',
                  render: (_, p) => (
                    <InputNumber
                      value={revised[p.time] ?? null}
                      data-testid={`audit-revised-${p.time}`}
                      onChange={(v) => {
                        edited();
                        setRevised({ ...revised, [p.time]: v });
                      }}
                    />
                  ),
                },
              ]}
            />
          ) : (
            <Space wrap style={{ marginBottom: 16 }}>
              <Input
                placeholder={t('audit.form.batchId')}
                value={batchId}
                data-testid="audit-batch-id"
                onChange={(e) => {
                  edited();
                  setBatchId(e.target.value);
                }}
              />
              <InputNumber
                min={1}
                addonBefore={t('audit.form.count')}
                value={count}
                onChange={(v) => {
                  edited();
                  setCount(v);
                }}
              />
            </Space>
          )}
        </>
      )}
      <Form.Item
        label={t(
          action === 'dismissed'
            ? 'audit.form.dismissReason'
            : action === 'corrected'
              ? 'audit.form.reason'
              : action === 'closed'
                ? 'audit.form.closeNote'
                : 'audit.form.note',
        )}
      >
        <Input.TextArea
          rows={2}
          value={text}
          maxLength={2000}
          data-testid="audit-text"
          onChange={(e) => {
            edited();
            setText(e.target.value);
          }}
        />
      </Form.Item>
      {save.error !== null && (
        <Alert
          type="warning"
          showIcon
          message={save.error}
          data-testid="audit-refusal"
          style={{ marginBottom: 12 }}
        />
      )}
      {notice !== null && (
        <Typography.Text type="success" data-testid="audit-saved">
          {notice}
        </Typography.Text>
      )}
      <Form.Item>
        <Button type="primary" loading={save.saving} onClick={() => void submit()} data-testid="audit-save">
          {t('audit.actions.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}
