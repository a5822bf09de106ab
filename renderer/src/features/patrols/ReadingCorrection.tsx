import { Alert, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reading } from '#shared/domain/index';
import { checkText } from '#shared/patrol/limits';
import { correctReading, elementBounds, elementSpecs, parseTypedValue } from '#shared/patrol/readings';
import { useAuthor } from './lib/author';
import { useTextProblem } from './lib/use-text-problem';
import { useValueProblem } from './lib/use-value-problem';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

/** A data attribute for props objects typed without them (they pass through to the element). */
const testId = (id: string) => ({ 'data-testid': id }) as object;

/**
 * 更正 a saved reading: a new reading that names it, with the reason. The old one stays in the record;
 * the table shows the new value with a "corrected" mark.
 */
export function ReadingCorrection(props: { readonly reading: Reading; readonly all: readonly Reading[] }) {
  const { t } = useTranslation('patrols');
  const author = useAuthor();
  const once = useWriteOnce();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(String(props.reading.value));
  const [unit, setUnit] = useState(props.reading.unit);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const element = props.reading.element;
  const parsed = parseTypedValue(element, text, unit);
  const valueProblem = useValueProblem(element, text, unit);
  const reasonProblem = useTextProblem(checkText(reason, 'readingNote'));
  const bounds = elementBounds(element, unit);

  const save = async () => {
    if (!parsed.ok || reasonProblem !== null) {
      return;
    }
    setError(null);
    const outcome = await once.run(`${text.trim()}|${unit}|${reason.trim()}`, () => {
      const made = correctReading(
        props.reading,
        props.all,
        { value: parsed.value, unit, reason },
        actionAuthor(author),
      );
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
      <Button size="small" onClick={() => setOpen(true)} data-testid="reading-correct">
        {t('readings.correct')}
      </Button>
      <Modal
        open={open}
        title={t('readings.correctTitle', { value: `${props.reading.value} ${props.reading.unit}` })}
        okText={t('readings.correctSave')}
        okButtonProps={{
          disabled: !parsed.ok || reason.trim().length === 0 || reasonProblem !== null,
          loading: once.saving,
          ...testId('reading-correct-save'),
        }}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label={t('readings.value')}
            validateStatus={valueProblem === null ? undefined : 'error'}
            help={valueProblem ?? (bounds === null ? undefined : t('readings.range', { ...bounds }))}
          >
            <Input
              value={text}
              inputMode="decimal"
              onChange={(e) => {
                once.edited();
                setText(e.target.value);
              }}
              addonAfter={
                <Select
                  value={unit}
                  onChange={(u: string) => {
                    once.edited();
                    setUnit(u);
                  }}
                  options={Object.keys(elementSpecs[element]?.units ?? {}).map((u) => ({
                    value: u,
                    label: u,
                  }))}
                />
              }
              data-testid="reading-correct-value"
            />
          </Form.Item>
          <Form.Item
            label={t('readings.correctReason')}
            required
            validateStatus={reasonProblem === null ? undefined : 'error'}
            help={reasonProblem ?? undefined}
          >
            <Input.TextArea
              rows={2}
              value={reason}
              onChange={(e) => {
                once.edited();
                setReason(e.target.value);
              }}
              data-testid="reading-correct-reason"
            />
          </Form.Item>
        </Form>
        {error !== null && <Alert type="error" showIcon message={error} />}
      </Modal>
    </>
  );
}
