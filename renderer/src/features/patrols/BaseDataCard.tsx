import { Alert, App, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Correction, Patrol, Site } from '../../../../shared/domain/index';
import {
  baseDataChecks,
  latestCorrections,
  proposeCorrection,
  type BaseDataCheck,
} from '../../../../shared/patrol/corrections';
import { addNote } from '../../../../shared/patrol/visit';
import { useDatabase, useRecord, useRecords, writeFieldEvent } from '../../db/index';
import { useAuthor } from './lib/author';

const statusColor = { pending: 'processing', approved: 'success', rejected: 'error' } as const;

/** A field's value as the crew edits it: plain text for strings, JSON for the rest. */
function editable(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
function toJson(text: string, current: unknown): string {
  if (typeof current === 'string' || current === null || current === undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'string' ? text : JSON.stringify(text.trim());
    } catch {
      return JSON.stringify(text.trim());
    }
  }
  return text;
}

/** 基础数据核查: confirm or correct the registry's base data; each change is a pending Correction. */
export function BaseDataCard(props: {
  readonly patrol: Patrol;
  readonly site: Site;
  readonly closed: boolean;
}) {
  const { t } = useTranslation('patrols');
  const { message } = App.useApp();
  const db = useDatabase();
  const author = useAuthor();
  const user = useRecord('water_users', props.site.waterUserId ?? '');
  const permit = useRecord('permits', props.site.permitId ?? '');
  const equipment = useRecords('equipment', { selector: { siteId: props.site.id } });
  const corrections = useRecords('corrections', { selector: { siteId: props.site.id } });
  const events = useRecords('patrol_events', { selector: { patrolId: props.patrol.id } });
  const [editing, setEditing] = useState<{ key: string; value: string; reason: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const meter =
    equipment.status === 'ready'
      ? (equipment.value.find((e) => e.role !== 'rtu') ?? equipment.value[0])
      : undefined;
  const target = (check: BaseDataCheck): { id: string; record: Record<string, unknown> } | null => {
    switch (check.collection) {
      case 'sites':
        return { id: props.site.id, record: props.site };
      case 'water_users':
        return user.status === 'ready' && user.value ? { id: user.value.id, record: user.value } : null;
      case 'permits':
        return permit.status === 'ready' && permit.value
          ? { id: permit.value.id, record: permit.value }
          : null;
      case 'equipment':
        return meter ? { id: meter.id, record: meter } : null;
    }
  };
  const rows = baseDataChecks.flatMap((check) => {
    const tgt = target(check);
    return tgt === null ? [] : [{ check, targetId: tgt.id, current: tgt.record[check.field] }];
  });
  const latest = latestCorrections(corrections.status === 'ready' ? corrections.value : []);
  const proposal = (check: BaseDataCheck, targetId: string): Correction | undefined =>
    latest.find(
      (c) => c.targetCollection === check.collection && c.targetId === targetId && c.field === check.field,
    );

  const submit = async (row: (typeof rows)[number]) => {
    if (editing === null) {
      return;
    }
    setError(null);
    const made = proposeCorrection(
      {
        siteId: props.site.id,
        divisionCode: props.site.divisionCode,
        check: row.check,
        targetId: row.targetId,
        current: row.current,
        proposedJson: toJson(editing.value, row.current),
        reason: editing.reason,
        patrolId: props.patrol.id,
      },
      author,
    );
    if (!made.ok) {
      setError(t(`baseData.refusals.${made.error.code}`));
      return;
    }
    const written = await writeFieldEvent(db, 'corrections', made.value);
    if (written.ok) {
      setEditing(null);
    } else {
      setError(written.error.message);
    }
  };

  const confirmAll = async () => {
    const made = addNote(
      props.patrol,
      events.status === 'ready' ? events.value : [],
      t('baseData.confirmedNote'),
      [],
      author,
    );
    if (made.ok && (await writeFieldEvent(db, 'patrol_events', made.value)).ok) {
      void message.success(t('baseData.confirmed'));
    }
  };

  return (
    <Card
      title={t('baseData.title')}
      data-testid="base-data"
      extra={
        !props.closed && (
          <Button onClick={() => void confirmAll()} data-testid="base-data-confirm">
            {t('baseData.confirmAll')}
          </Button>
        )
      }
    >
      {error !== null && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r.check.key}
        dataSource={rows}
        columns={[
          { title: t('baseData.field'), render: (_, r) => t(`baseData.fields.${r.check.key}`) },
          { title: t('baseData.registry'), render: (_, r) => editable(r.current) },
          {
            title: t('baseData.status'),
            render: (_, r) => {
              const p = proposal(r.check, r.targetId);
              return p === undefined ? null : (
                <Tag color={statusColor[p.status]} data-testid={`correction-${r.check.key}`}>
                  {t(`baseData.statuses.${p.status}`)}: {p.proposedValueJson}
                </Tag>
              );
            },
          },
          {
            title: '',
            render: (_, r) =>
              props.closed ? null : editing?.key === r.check.key ? (
                <Space.Compact>
                  <Input
                    value={editing.value}
                    onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                    data-testid="correction-value"
                  />
                  <Input
                    placeholder={t('baseData.reason')}
                    value={editing.reason}
                    onChange={(e) => setEditing({ ...editing, reason: e.target.value })}
                    data-testid="correction-reason"
                  />
                  <Button type="primary" onClick={() => void submit(r)} data-testid="correction-submit">
                    {t('baseData.propose')}
                  </Button>
                </Space.Compact>
              ) : (
                <Button
                  size="small"
                  onClick={() => setEditing({ key: r.check.key, value: editable(r.current), reason: '' })}
                  data-testid={`correct-${r.check.key}`}
                >
                  {t('baseData.correct')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
