import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reading } from '#shared/domain/index';
import { checkText } from '#shared/patrol/limits';
import { withdrawReading } from '#shared/patrol/readings';
import { useAuthor } from './lib/author';
import { useTextProblem } from './lib/use-text-problem';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

/** A data attribute for props objects typed without them (they pass through to the element). */
const testId = (id: string) => ({ 'data-testid': id }) as object;

/**
 * 撤回 a saved reading (read by mistake, wrong meter): a new record that names it, with the reason.
 * Both stay in the record and go to the platform; the screens stop counting the reading.
 */
export function ReadingWithdrawal(props: { readonly reading: Reading; readonly all: readonly Reading[] }) {
  const { t } = useTranslation('patrols');
  const author = useAuthor();
  const once = useWriteOnce();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonProblem = useTextProblem(checkText(reason, 'readingNote'));

  const save = async () => {
    if (reasonProblem !== null) {
      return;
    }
    setError(null);
    const outcome = await once.run(reason.trim(), () => {
      const made = withdrawReading(props.reading, props.all, reason, actionAuthor(author));
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'readings', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'refused') {
      setError(t(`refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      setOpen(false);
    }
  };

  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)} data-testid="reading-withdraw">
        {t('readings.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('readings.withdrawTitle', { value: `${props.reading.value} ${props.reading.unit}` })}
        okText={t('readings.withdrawSave')}
        okButtonProps={{
          danger: true,
          disabled: reason.trim().length === 0 || reasonProblem !== null,
          loading: once.saving,
          ...testId('reading-withdraw-save'),
        }}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label={t('readings.withdrawReason')}
            required
            validateStatus={reasonProblem === null ? undefined : 'error'}
            help={reasonProblem ?? t('readings.withdrawHint')}
          >
            <Input.TextArea
              rows={2}
              value={reason}
              onChange={(e) => {
                once.edited();
                setReason(e.target.value);
              }}
              data-testid="reading-withdraw-reason"
            />
          </Form.Item>
        </Form>
        {error !== null && <Alert type="error" showIcon message={error} />}
      </Modal>
    </>
  );
}
