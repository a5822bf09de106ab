import { CheckCircleTwoTone, CloseCircleTwoTone, MinusCircleTwoTone } from '@ant-design/icons';
import { Alert, Button, Card, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patrol, PatrolEvent } from '../../../../shared/domain/index';
import {
  checklistResults,
  type ChecklistConfig,
  type ChecklistItem,
} from '../../../../shared/patrol/checklist';
import { recordItem } from '../../../../shared/patrol/visit';
import { useDatabase, writeFieldEvent } from '../../db/index';
import { useAuthor } from './lib/author';
import { localText } from './lib/text';

type Outcome = 'pass' | 'fail' | 'na';
const icons: Record<Outcome, ReactNode> = {
  pass: <CheckCircleTwoTone twoToneColor="#52c41a" />,
  fail: <CloseCircleTwoTone twoToneColor="#ff4d4f" />,
  na: <MinusCircleTwoTone twoToneColor="#bfbfbf" />,
};

/** The site kind's checklist: pass / fail / NA per item, a note (required on fail), later results supersede. */
export function ChecklistCard(props: {
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
  readonly checklist: ChecklistConfig;
  readonly closed: boolean;
}) {
  const { t, i18n } = useTranslation('patrols');
  const results = checklistResults(props.checklist, props.events);
  const done = props.checklist.sections.flatMap((s) => s.items).length - results.missing.length;
  return (
    <Card
      title={localText(props.checklist.title, i18n.language)}
      extra={
        <Tag data-testid="checklist-progress">
          {t('checklist.progress', { done, total: done + results.missing.length })}
        </Tag>
      }
      data-testid="checklist"
    >
      {props.checklist.sections.map((section) => (
        <div key={section.id}>
          <Typography.Title level={5}>{localText(section.title, i18n.language)}</Typography.Title>
          <List
            size="small"
            dataSource={section.items}
            renderItem={(item) => (
              <ItemRow
                key={item.id}
                item={item}
                patrol={props.patrol}
                events={props.events}
                checklist={props.checklist}
                closed={props.closed}
                current={results.byItem.get(item.id)?.outcome ?? null}
                note={results.byItem.get(item.id)?.note ?? null}
              />
            )}
          />
        </div>
      ))}
    </Card>
  );
}

function ItemRow(props: {
  readonly item: ChecklistItem;
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
  readonly checklist: ChecklistConfig;
  readonly closed: boolean;
  readonly current: PatrolEvent['outcome'];
  readonly note: string | null;
}) {
  const { t, i18n } = useTranslation('patrols');
  const db = useDatabase();
  const author = useAuthor();
  const [draft, setDraft] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async (outcome: Outcome) => {
    setError(null);
    const made = recordItem(
      props.patrol,
      props.events,
      props.checklist,
      { itemId: props.item.id, outcome, note },
      author,
    );
    if (!made.ok) {
      setDraft(outcome);
      setError(t(`refusals.${made.error.code}`));
      return;
    }
    const written = await writeFieldEvent(db, 'patrol_events', made.value);
    if (written.ok) {
      setDraft(null);
      setNote('');
    } else {
      setError(written.error.message);
    }
  };

  const shown = draft ?? props.current;
  return (
    <List.Item data-testid={`item-${props.item.id}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <span>
            {props.current !== null && icons[props.current]}{' '}
            <Typography.Text strong>{localText(props.item.title, i18n.language)}</Typography.Text>
            {props.item.hint !== null && (
              <Typography.Text type="secondary">
                {' '}
                — {localText(props.item.hint, i18n.language)}
              </Typography.Text>
            )}
          </span>
          <Radio.Group
            value={shown}
            disabled={props.closed}
            optionType="button"
            buttonStyle="solid"
            size="small"
            onChange={(e) => {
              const outcome = e.target.value as Outcome;
              if (outcome === 'fail') {
                setDraft('fail');
              } else {
                void save(outcome);
              }
            }}
            options={(['pass', 'fail', 'na'] as const).map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
          />
        </Space>
        {props.note !== null && draft === null && (
          <Typography.Text type="secondary">{props.note}</Typography.Text>
        )}
        {draft === 'fail' && (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              placeholder={t('checklist.failNote')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid={`note-${props.item.id}`}
            />
            <Button
              type="primary"
              danger
              onClick={() => void save('fail')}
              data-testid={`save-${props.item.id}`}
            >
              {t('checklist.recordFail')}
            </Button>
          </Space.Compact>
        )}
        {error !== null && <Alert type="error" showIcon message={error} />}
      </Space>
    </List.Item>
  );
}
