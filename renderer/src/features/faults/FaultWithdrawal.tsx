import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaultEvent } from '#shared/domain/index';
import { nextFaultEvent } from '#shared/faults/fault-events';
import type { FaultState } from '#shared/faults/state-machine';
import { checkText } from '#shared/patrol/limits';
import { useTextProblem } from '../patrols/index';
import { useFaultWrite } from './use-fault-write';

/** A data attribute for props objects typed without them (they pass through to the element). */
const testId = (id: string) => ({ 'data-testid': id }) as object;

/**
 * 撤回 one of the crew's events on a ticket: a `withdrawn` event that names it, with the reason. The
 * ticket's state is folded again without it; both events stay stored and listed.
 */
export function FaultWithdrawal(props: { readonly state: FaultState; readonly event: FaultEvent }) {
  const { t } = useTranslation('faults');
  const once = useFaultWrite();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reasonProblem = useTextProblem(checkText(reason, 'faultDescription', { required: true }));

  const save = async () => {
    const input = { type: 'withdrawn', correctsEventId: props.event.id, description: reason } as const;
    const saved = await once.write(JSON.stringify(input), (author) =>
      nextFaultEvent(props.state, input, author),
    );
    if (saved !== null) {
      setOpen(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        type="link"
        danger
        onClick={() => setOpen(true)}
        data-testid="fault-event-withdraw"
      >
        {t('detail.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('detail.withdrawTitle')}
        okText={t('detail.withdrawSave')}
        okButtonProps={{
          danger: true,
          disabled: reasonProblem !== null,
          loading: once.saving,
          ...testId('fault-event-withdraw-save'),
        }}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label={t('detail.withdrawReason')}
            required
            validateStatus={reasonProblem !== null && reason.length > 0 ? 'error' : undefined}
            help={reason.length > 0 ? (reasonProblem ?? undefined) : undefined}
          >
            <Input.TextArea
              rows={2}
              value={reason}
              onChange={(e) => {
                once.edited();
                setReason(e.target.value);
              }}
              data-testid="fault-event-withdraw-reason"
            />
          </Form.Item>
        </Form>
        {once.error !== null && <Alert type="error" showIcon message={once.error} />}
      </Modal>
    </>
  );
}
