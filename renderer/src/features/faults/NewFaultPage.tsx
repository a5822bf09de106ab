import { Alert, Button, Card, Form, Input, Result, Select, Space, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { faultCategories, faultSeverities, type FaultCategory } from '../../../../shared/domain/index';
import { openFault } from '../../../../shared/faults/fault-events';
import { navigate, useRouteQuery } from '../../app/router';
import { useDatabase, useRecord, useRecords, writeFieldEvent } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { useAuthor } from '../patrols/lib/author';

/** Open a 故障 ticket from a patrol, a diagnostic verdict or a task: `/faults/new?siteId=…&patrolId=…`. */
export function NewFaultPage() {
  const { t, i18n } = useTranslation('faults');
  const query = useRouteQuery();
  const siteId = query.get('siteId') ?? '';
  const patrolId = query.get('patrolId');
  const taskId = query.get('taskId');
  const sessionId = query.get('sessionId');
  const returnTo = query.get('returnTo');
  const db = useDatabase();
  const author = useAuthor();
  const site = useRecord('sites', siteId);
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId } });
  const photos = useRecords('photos', { selector: { siteId } });
  const [category, setCategory] = useState<FaultCategory>('communication');
  const [severity, setSeverity] = useState<(typeof faultSeverities)[number]>('medium');
  const [description, setDescription] = useState('');
  const [linked, setLinked] = useState<string[]>(sessionId === null ? [] : [sessionId]);
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  if (site.status === 'loading') {
    return <Spin />;
  }
  if (site.status === 'error' || site.value === null) {
    return <Result status="warning" title={t('new.noSite')} />;
  }
  const s = site.value;
  const patrolPhotos = (photos.status === 'ready' ? photos.value : []).filter(
    (p) => patrolId === null || p.patrolId === patrolId,
  );

  const submit = async () => {
    setError(null);
    const made = openFault(
      {
        siteId: s.id,
        divisionCode: s.divisionCode,
        category,
        severity,
        description,
        patrolId,
        taskId,
        diagnosticSessionIds: linked,
        photoIds,
      },
      author,
    );
    if (!made.ok) {
      setError(t(`refusals.${made.error.code}`));
      return;
    }
    const written = await writeFieldEvent(db, 'fault_events', made.value);
    if (!written.ok) {
      setError(written.error.message);
      return;
    }
    navigate(returnTo ?? `/faults/${made.value.faultId}`);
  };

  return (
    <Card title={t('new.title', { name: s.name })} data-testid="new-fault">
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Space size="large" wrap>
          <Form.Item label={t('fields.category')} required>
            <Select
              style={{ width: 200 }}
              value={category}
              onChange={setCategory}
              data-testid="fault-category"
              options={faultCategories.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('fields.severity')} required>
            <Select
              style={{ width: 140 }}
              value={severity}
              onChange={setSeverity}
              data-testid="fault-severity"
              options={faultSeverities.map((c) => ({ value: c, label: t(`severities.${c}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('fields.description')} required>
          <Input.TextArea
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="fault-description"
          />
        </Form.Item>
        <Form.Item label={t('fields.sessions')}>
          <Select
            mode="multiple"
            value={linked}
            onChange={setLinked}
            options={(sessions.status === 'ready' ? sessions.value : []).map((d) => ({
              value: d.id,
              label: `${d.protocol} · ${formatDateTime(d.startedAt, i18n.language)}`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('fields.photos')}>
          <Select
            mode="multiple"
            value={photoIds}
            onChange={setPhotoIds}
            data-testid="fault-photos"
            options={patrolPhotos.map((p) => ({
              value: p.id,
              label: `${formatDateTime(p.takenAt, i18n.language)} · ${p.originalSha256.slice(0, 8)}`,
            }))}
          />
        </Form.Item>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="fault-error"
          />
        )}
        <Space>
          <Button type="primary" danger onClick={() => void submit()} data-testid="fault-submit">
            {t('new.submit')}
          </Button>
          {returnTo !== null && <Button onClick={() => navigate(returnTo)}>{t('new.cancel')}</Button>}
        </Space>
      </Form>
    </Card>
  );
}
