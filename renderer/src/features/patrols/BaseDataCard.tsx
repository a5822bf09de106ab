import { Alert, App, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Correction, Patrol, Site } from '#shared/domain/index';
import {
  baseDataChecks,
  latestCorrections,
  proposeCorrection,
  type BaseDataCheck,
} from '#shared/patrol/corrections';
import { readBaseDataInput, showBaseDataValue } from '#shared/patrol/base-data-values';
import { checkText } from '#shared/patrol/limits';
import { addNote } from '#shared/patrol/visit';
import { useRecord, useRecords } from '../../db/index';
import { useAuthor } from './lib/author';
import { useTextProblem } from './lib/use-text-problem';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

const statusColor = { pending: 'processing', approved: 'success', rejected: 'error' } as const;

/** 基础数据核查: confirm or correct the registry's base data; each change is a pending Correction. */
export function BaseDataCard(props: {
  readonly patrol: Patrol;
  readonly site: Site;
  readonly closed: boolean;
}) {
  const { t } = useTranslation('patrols');
  const { message } = App.useApp();
  const author = useAuthor();
  const once = useWriteOnce();
  const confirmOnce = useWriteOnce();
  const user = useRecord('water_users', props.site.waterUserId ?? '');
  const permit = useRecord('permits', props.site.permitId ?? '');
  const equipment = useRecords('equipment', { selector: { siteId: props.site.id } });
  const corrections = useRecords('corrections', { selector: { siteId: props.site.id } });
  const events = useRecords('patrol_events', { selector: { patrolId: props.patrol.id } });
  const [editing, setEditing] = useState<{ key: string; value: string; reason: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reasonProblem = useTextProblem(checkText(editing?.reason ?? '', 'correctionReason'));
  const shown = (check: BaseDataCheck, value: unknown) => {
    const v = showBaseDataValue(check, value);
    return v.kind === 'missing' ? t('baseData.unregistered') : v.text;
  };
  const editable = (check: BaseDataCheck, value: unknown) => {
    const v = showBaseDataValue(check, value);
    return v.kind === 'missing' ? '' : v.text;
  };
  const shownJson = (check: BaseDataCheck, json: string) => {
    try {
      return shown(check, JSON.parse(json) as unknown);
    } catch {
      return json;
    }
  };

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
    const typed = readBaseDataInput(row.check, editing.value);
    if (!typed.ok) {
      setError(t(`baseData.inputRefusals.${typed.error.code}`));
      return;
    }
    const outcome = await once.run(`${row.check.key}|${typed.value}|${editing.reason.trim()}`, () => {
      const made = proposeCorrection(
        {
          siteId: props.site.id,
          divisionCode: props.site.divisionCode,
          check: row.check,
          targetId: row.targetId,
          current: row.current,
          proposedJson: typed.value,
          reason: editing.reason,
          patrolId: props.patrol.id,
        },
        actionAuthor(author),
      );
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'corrections', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'refused') {
      setError(t(`baseData.refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      setEditing(null);
    }
  };

  const confirmAll = async () => {
    const outcome = await confirmOnce.run('confirm-all', () => {
      const made = addNote(
        props.patrol,
        events.status === 'ready' ? events.value : [],
        t('baseData.confirmedNote'),
        [],
        actionAuthor(author),
      );
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'patrol_events', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'saved' && !outcome.repeated) {
      void message.success(t('baseData.confirmed'));
    } else if (outcome.status === 'refused') {
      setError(t(`refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    }
  };

  return (
    <Card
      title={t('baseData.title')}
      data-testid="base-data"
      extra={
        !props.closed && (
          <Button
            onClick={() => void confirmAll()}
            loading={confirmOnce.saving}
            data-testid="base-data-confirm"
          >
            {t('baseData.confirmAll')}
          </Button>
        )
      }
    >
      {error !== null && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      {reasonProblem !== null && (
        <Alert type="error" showIcon message={reasonProblem} style={{ marginBottom: 8 }} />
      )}
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r.check.key}
        dataSource={rows}
        columns={[
          { title: t('baseData.field'), render: (_, r) => t(`baseData.fields.${r.check.key}`) },
          {
            title: t('baseData.registry'),
            render: (_, r) => (
              <span data-testid={`registry-${r.check.key}`}>{shown(r.check, r.current)}</span>
            ),
          },
          {
            title: t('baseData.status'),
            render: (_, r) => {
              const p = proposal(r.check, r.targetId);
              return p === undefined ? null : (
                <Tag color={statusColor[p.status]} data-testid={`correction-${r.check.key}`}>
                  {t(`baseData.statuses.${p.status}`)}: {shownJson(r.check, p.proposedValueJson)}
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
                    placeholder={t(`baseData.placeholders.${r.check.key}`, { defaultValue: '' })}
                    onChange={(e) => {
                      once.edited();
                      setEditing({ ...editing, value: e.target.value });
                    }}
                    data-testid="correction-value"
                  />
                  <Input
                    placeholder={t('baseData.reason')}
                    value={editing.reason}
                    status={reasonProblem === null ? undefined : 'error'}
                    title={reasonProblem ?? undefined}
                    onChange={(e) => {
                      once.edited();
                      setEditing({ ...editing, reason: e.target.value });
                    }}
                    data-testid="correction-reason"
                  />
                  <Button
                    type="primary"
                    loading={once.saving}
                    disabled={reasonProblem !== null}
                    onClick={() => void submit(r)}
                    data-testid="correction-submit"
                  >
                    {t('baseData.propose')}
                  </Button>
                </Space.Compact>
              ) : (
                <Button
                  size="small"
                  onClick={() => {
                    once.edited();
                    setEditing({ key: r.check.key, value: editable(r.check, r.current), reason: '' });
                  }}
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
