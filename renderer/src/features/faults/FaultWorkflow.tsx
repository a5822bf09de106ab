import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Image,
  Input,
  InputNumber,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaultAssignee } from '#shared/domain/index';
import type { NextEventInput } from '#shared/faults/fault-events';
import type { FaultState } from '#shared/faults/state-machine';
import { textLimits } from '#shared/patrol/limits';
import { formatDateTime } from '../../i18n/format';
import { SignaturePad } from '../common/SignaturePad';
import { useFaultWrite } from './use-fault-write';
import { useSignedInRole } from '../common/use-role';
import { chainFaultEvents, partsFromRows, workflowActions, type PartRow } from './workflow';

const emptyRow: PartRow = { part: '', quantity: '1', serial: '' };

/** The ticket's dispatch, parts and sign-off as they stand (shown whatever the role). */
export function FaultWorkSummary({ state }: { readonly state: FaultState }) {
  const { t, i18n } = useTranslation('faults');
  return (
    <Card title={t('workflow.summary')} data-testid="fault-work-summary">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('workflow.assignee')}>
          {state.dispatch === null ? (
            '—'
          ) : (
            <span data-testid="fault-dispatch">
              {state.dispatch.assignee.label || state.dispatch.assignee.id} ·{' '}
              {t('workflow.dueAt', { at: formatDateTime(state.dispatch.dueAt, i18n.language) })}{' '}
              {state.dispatch.acceptedAt !== null && <Tag color="green">{t('events.accepted')}</Tag>}
            </span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('workflow.onsite')}>
          {state.onsiteVerifiedAt === null ? '—' : formatDateTime(state.onsiteVerifiedAt, i18n.language)}
        </Descriptions.Item>
        {state.skipReason !== null && (
          <Descriptions.Item label={t('workflow.skipReason')} span={2}>
            {state.skipReason}
          </Descriptions.Item>
        )}
      </Descriptions>
      {state.parts.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          data-testid="fault-parts"
          dataSource={[...state.parts]}
          columns={[
            { title: t('workflow.part'), dataIndex: 'part' },
            { title: t('workflow.quantity'), dataIndex: 'quantity' },
            { title: t('workflow.serial'), dataIndex: 'serial', render: (s: string | null) => s ?? '—' },
          ]}
        />
      )}
      {state.signOff !== null && (
        <Space direction="vertical" style={{ marginTop: 12 }} data-testid="fault-sign-off">
          <Space>
            <Tag
              color={
                state.signOff.status === 'accepted'
                  ? 'green'
                  : state.signOff.status === 'returned'
                    ? 'red'
                    : 'blue'
              }
            >
              {t(`signOff.statuses.${state.signOff.status}`)}
            </Tag>
            {t('signOff.signedBy', {
              who: state.signOff.signedBy,
              at: formatDateTime(state.signOff.signedAt, i18n.language),
            })}
          </Space>
          <Image
            src={state.signOff.signature}
            width={240}
            preview={false}
            data-testid="fault-signature"
            alt={t('signOff.image')}
          />
          {state.signOff.comment !== null && <Alert type="info" showIcon message={state.signOff.comment} />}
        </Space>
      )}
    </Card>
  );
}

/** The steps the signed-in role may take now: dispatch, accept, start, repair, verify on site, sign, review. */
export function FaultWorkflow({ state }: { readonly state: FaultState }) {
  const { t } = useTranslation('faults');
  const role = useSignedInRole();
  const once = useFaultWrite();
  const actions = workflowActions(state, role);
  const [crew, setCrew] = useState('');
  const [due, setDue] = useState<Dayjs | null>(null);
  const [work, setWork] = useState('');
  const [skipReason, setSkipReason] = useState('');
  const [rows, setRows] = useState<PartRow[]>([emptyRow]);
  const [signature, setSignature] = useState<string | null>(null);
  const [session, setSession] = useState('');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (key: string, inputs: readonly NextEventInput[]) => {
    setProblem(null);
    const press = `${key}:${JSON.stringify(inputs)}`;
    // Each step is its own action: a different step after a saved one is not a repeat of it.
    if (!once.holds(press)) {
      once.edited();
    }
    await once.writeMany(press, (author) => chainFaultEvents(state, inputs, author));
  };

  const skipping = state.status !== 'in_progress';
  const repair = async () => {
    const parts = partsFromRows(rows, textLimits.faultPart);
    if (!parts.ok) {
      setProblem(t(`workflow.partsProblem.${parts.problem.problem}`, { row: parts.problem.row }));
      return;
    }
    if (signature === null) {
      setProblem(t('refusals.signature-missing'));
      return;
    }
    await save('repair', [
      { type: 'repaired', actions: work, parts: parts.parts, skipReason: skipping ? skipReason : null },
      { type: 'signed', signature },
    ]);
  };

  if (actions.length === 0) {
    return null;
  }
  const assignee: FaultAssignee = /^\d{2,12}$/.test(crew.trim())
    ? { kind: 'crew_scope', id: crew.trim(), label: crew.trim() }
    : { kind: 'account', id: crew.trim(), label: crew.trim() };
  return (
    <Card title={t('workflow.title')} data-testid="fault-workflow">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {actions.includes('dispatch') && (
          <Space wrap data-testid="fault-dispatch-form">
            <Input
              placeholder={t('workflow.crewHint')}
              value={crew}
              onChange={(e) => setCrew(e.target.value)}
              style={{ width: 260 }}
              data-testid="fault-dispatch-crew"
            />
            <DatePicker
              showTime
              value={due}
              onChange={setDue}
              data-testid="fault-dispatch-due"
              placeholder={t('workflow.due')}
            />
            <Button
              onClick={() =>
                void save('dispatch', [
                  {
                    type: 'dispatched',
                    assignee: crew.trim() === '' ? null : assignee,
                    dueAt: due?.valueOf() ?? dayjs().add(2, 'day').valueOf(),
                  },
                ])
              }
              data-testid="fault-dispatch-submit"
            >
              {t('workflow.dispatch')}
            </Button>
          </Space>
        )}
        <Space wrap>
          {actions.includes('accept') && (
            <Button
              type="primary"
              onClick={() => void save('accept', [{ type: 'accepted' }])}
              data-testid="fault-accept"
            >
              {t('workflow.accept')}
            </Button>
          )}
          {actions.includes('start') && (
            <Button onClick={() => void save('start', [{ type: 'in_progress' }])} data-testid="fault-start">
              {t('workflow.start')}
            </Button>
          )}
        </Space>
        {actions.includes('repair') && (
          <Form layout="vertical" data-testid="fault-repair-form" style={{ maxWidth: 760 }}>
            <Form.Item label={t('fields.actions')} required>
              <Input.TextArea
                rows={2}
                value={work}
                onChange={(e) => setWork(e.target.value)}
                data-testid="fault-repair-work"
              />
            </Form.Item>
            <Form.Item label={t('fields.parts')}>
              <Space direction="vertical">
                {rows.map((row, i) => (
                  <Space key={i}>
                    <Input
                      placeholder={t('workflow.part')}
                      value={row.part}
                      onChange={(e) =>
                        setRows(rows.map((r, j) => (j === i ? { ...r, part: e.target.value } : r)))
                      }
                      data-testid={`fault-part-${i}`}
                    />
                    <InputNumber
                      min={1}
                      max={10_000}
                      placeholder={t('workflow.quantity')}
                      value={row.quantity === '' ? null : Number(row.quantity)}
                      onChange={(v) =>
                        setRows(
                          rows.map((r, j) => (j === i ? { ...r, quantity: v === null ? '' : String(v) } : r)),
                        )
                      }
                      data-testid={`fault-part-quantity-${i}`}
                    />
                    <Input
                      placeholder={t('workflow.serial')}
                      value={row.serial}
                      onChange={(e) =>
                        setRows(rows.map((r, j) => (j === i ? { ...r, serial: e.target.value } : r)))
                      }
                      data-testid={`fault-part-serial-${i}`}
                    />
                  </Space>
                ))}
                <Button
                  size="small"
                  onClick={() => setRows([...rows, emptyRow])}
                  data-testid="fault-part-add"
                >
                  {t('workflow.addPart')}
                </Button>
              </Space>
            </Form.Item>
            {skipping && (
              <Form.Item label={t('workflow.skipReason')} required help={t('workflow.skipHelp')}>
                <Input
                  value={skipReason}
                  onChange={(e) => setSkipReason(e.target.value)}
                  data-testid="fault-skip-reason"
                />
              </Form.Item>
            )}
            <Form.Item label={t('signOff.crewSignature')} required>
              <SignaturePad onChange={setSignature} testId="fault-signature-pad" />
            </Form.Item>
            <Button
              type="primary"
              loading={once.saving}
              onClick={() => void repair()}
              data-testid="fault-repair-submit"
            >
              {t('workflow.repairAndSign')}
            </Button>
          </Form>
        )}
        {actions.includes('onsite') && (
          <Space wrap data-testid="fault-onsite-form">
            <Input
              placeholder={t('workflow.sessionHint')}
              value={session}
              onChange={(e) => setSession(e.target.value)}
              style={{ width: 320 }}
              data-testid="fault-onsite-session"
            />
            <Button
              onClick={() =>
                void save('onsite', [
                  {
                    type: 'onsite_verified',
                    diagnosticSessionIds: session.trim() === '' ? [] : [session.trim()],
                  },
                ])
              }
              data-testid="fault-onsite-submit"
            >
              {t('workflow.onsiteVerify')}
            </Button>
          </Space>
        )}
        {actions.includes('sign') && !actions.includes('repair') && (
          <Space direction="vertical" data-testid="fault-sign-form">
            <SignaturePad onChange={setSignature} testId="fault-resign-pad" />
            <Button
              onClick={() =>
                void save('sign', [{ type: 'signed', signature, correctsEventId: state.repairEventId }])
              }
              data-testid="fault-sign-submit"
            >
              {t('signOff.sign')}
            </Button>
          </Space>
        )}
        {actions.includes('review') && (
          <Space wrap data-testid="fault-review-form">
            <Input
              placeholder={t('signOff.commentHint')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              style={{ width: 320 }}
              data-testid="fault-review-comment"
            />
            <Button
              type="primary"
              onClick={() =>
                void save('review', [
                  {
                    type: 'sign_off_accepted',
                    correctsEventId: state.signOff?.signedEventId ?? null,
                    description: comment,
                  },
                ])
              }
              data-testid="fault-review-accept"
            >
              {t('signOff.accept')}
            </Button>
            <Button
              danger
              onClick={() =>
                void save('review', [
                  {
                    type: 'sign_off_returned',
                    correctsEventId: state.signOff?.signedEventId ?? null,
                    description: comment,
                  },
                ])
              }
              data-testid="fault-review-return"
            >
              {t('signOff.return')}
            </Button>
          </Space>
        )}
        {(problem ?? once.error) !== null && (
          <Alert type="error" showIcon message={problem ?? once.error} data-testid="fault-workflow-error" />
        )}
      </Space>
    </Card>
  );
}
