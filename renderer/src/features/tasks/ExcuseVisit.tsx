import { App, Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDatabase, writeFieldEvent } from '../../db/index';
import { crewIdentity } from './crew-identity';
import { excusalEvent } from './task-state';

/** 免检: excuses one scheduled visit with a reason (required), written as the task event that syncs. */
export function ExcuseVisit({
  site,
  day,
}: {
  readonly site: { readonly id: string; readonly divisionCode: string };
  readonly day: string;
}) {
  const { t } = useTranslation('tasks');
  const db = useDatabase();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (reason.trim() === '') {
      return;
    }
    setSaving(true);
    const r = await writeFieldEvent(
      db,
      'task_events',
      excusalEvent(site, day, reason, crewIdentity(window.localStorage)),
    );
    setSaving(false);
    if (r.ok) {
      void message.success(t('schedule.excused', { day }));
      setOpen(false);
      setReason('');
    } else {
      void message.error(r.error.message);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`excuse-${day}`}>
        {t('schedule.excuse')}
      </Button>
      <Modal
        open={open}
        title={t('schedule.excuseTitle', { day })}
        okText={t('schedule.excuse')}
        cancelText={t('schedule.cancel')}
        okButtonProps={{ disabled: reason.trim() === '', loading: saving, 'data-testid': 'excuse-ok' }}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={2000}
          placeholder={t('schedule.reasonPlaceholder')}
          data-testid="excuse-reason"
        />
      </Modal>
    </>
  );
}
