import { CheckCircleTwoTone, CloseCircleTwoTone, MinusCircleTwoTone } from '@ant-design/icons';
import { Alert, Button, Card, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patrol, PatrolEvent } from '#shared/domain/index';
import { type ChecklistConfig, type ChecklistItem, type ItemResult } from '#shared/patrol/checklist';
import { checkText } from '#shared/patrol/limits';
import { checklistInForce, recordItem, withdrawItem } from '#shared/patrol/visit';
import { ProceduresButton, useSiteModels } from '../procedures/index';
import { DraftNotice } from './DraftNotice';
import { useAuthor } from './lib/author';
import { useDraft } from './lib/drafts';
import { useTextProblem } from './lib/use-text-problem';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';
import { localText } from './lib/text';

type Outcome = 'pass' | 'fail' | 'na';
const icons: Record<Outcome, ReactNode> = {
  pass: <CheckCircleTwoTone twoToneColor="#52c41a" />,
  fail: <CloseCircleTwoTone twoToneColor="#ff4d4f" />,
  na: <MinusCircleTwoTone twoToneColor="#bfbfbf" />,
};

/**
 * The site kind's checklist: pass / fail / NA per item, a note (required on fail), later results
 * supersede. It shows the answers in force and, once a supervisor accepted the visit's sign-off (or it
 * was checked out), it is locked: nothing can be answered, corrected or withdrawn.
 */
export function ChecklistCard(props: {
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
  readonly checklist: ChecklistConfig;
  readonly closed: boolean;
}) {
  const { t, i18n } = useTranslation('patrols');
  const { results, lock } = checklistInForce(props.checklist, props.patrol, props.events);
  const closed = props.closed || lock !== null;
  const models = useSiteModels(props.patrol.siteId);
  const done = props.checklist.sections.flatMap((s) => s.items).length - results.missing.length;
  return (
    <Card
      title={localText(props.checklist.title, i18n.language)}
      extra={
        <Space size={4}>
          {lock === 'signed-off' && (
            <Tag color="green" data-testid="checklist-locked">
              {t('checklist.locked')}
            </Tag>
          )}
          <Tag data-testid="checklist-progress">
            {t('checklist.progress', { done, total: done + results.missing.length })}
          </Tag>
        </Space>
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
                closed={closed}
                models={models}
                result={results.byItem.get(item.id)}
              />
            )}
          />
        </div>
      ))}
    </Card>
  );
}

type ItemDraft = { readonly outcome: Outcome | 'withdraw' | null; readonly note: string };
const emptyItemDraft: ItemDraft = { outcome: null, note: '' };
const isEmptyItemDraft = (d: ItemDraft) => d.outcome === null && d.note.trim().length === 0;

function ItemRow(props: {
  readonly item: ChecklistItem;
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
  readonly checklist: ChecklistConfig;
  readonly closed: boolean;
  readonly models: readonly (string | null)[];
  readonly result: ItemResult | undefined;
}) {
  const { t, i18n } = useTranslation('patrols');
  const author = useAuthor();
  const once = useWriteOnce();
  const draft = useDraft<ItemDraft>(
    `checklist.${props.patrol.id}.${props.item.id}`,
    emptyItemDraft,
    isEmptyItemDraft,
  );
  const [error, setError] = useState<string | null>(null);
  const current = props.result?.outcome ?? null;
  const answered = current !== null;
  const pending = draft.value.outcome;
  const note = draft.value.note;
  const noteProblem = useTextProblem(checkText(note, 'checklistNote'));

  const save = async (outcome: Outcome | 'withdraw', text: string) => {
    setError(null);
    const outcomeOf = await once.run(`${props.item.id}|${outcome}|${text.trim()}`, () => {
      const made =
        outcome === 'withdraw'
          ? withdrawItem(
              props.patrol,
              props.events,
              { itemId: props.item.id, reason: text },
              actionAuthor(author),
            )
          : recordItem(
              props.patrol,
              props.events,
              props.checklist,
              { itemId: props.item.id, outcome, note: text },
              actionAuthor(author),
            );
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'patrol_events', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcomeOf.status === 'refused') {
      setError(t(`refusals.${outcomeOf.code}`));
    } else if (outcomeOf.status === 'failed') {
      setError(outcomeOf.error.message);
    } else if (outcomeOf.status === 'saved') {
      draft.clear();
    }
  };

  const choose = (outcome: Outcome) => {
    // A second click on the same choice (before the saved answer shows) is the same action.
    if (!once.holds(`${props.item.id}|${outcome}|`)) {
      once.edited();
    }
    if (!answered && outcome !== 'fail') {
      draft.clear();
      void save(outcome, '');
    } else {
      draft.set({ outcome, note });
    }
  };

  const shown = pending === 'withdraw' ? current : (pending ?? current);
  const needsText = pending !== null;
  const placeholder =
    pending === 'withdraw'
      ? t('checklist.withdrawReason')
      : answered
        ? t('checklist.correctionReason')
        : t('checklist.failNote');
  return (
    <List.Item data-testid={`item-${props.item.id}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <span>
            {current !== null && icons[current]}{' '}
            <Typography.Text strong>{localText(props.item.title, i18n.language)}</Typography.Text>
            {props.item.hint !== null && (
              <Typography.Text type="secondary">
                {' '}
                — {localText(props.item.hint, i18n.language)}
              </Typography.Text>
            )}
            <ProceduresButton
              siteKind={props.patrol.siteKind}
              models={props.models}
              itemId={props.item.id}
              testId={`procedures-${props.item.id}`}
            />
            {props.result !== undefined && props.result.superseded > 0 && (
              <Tag
                color={current === null ? 'default' : 'orange'}
                style={{ marginLeft: 8 }}
                data-testid={`item-corrected-${props.item.id}`}
              >
                {current === null ? t('checklist.withdrawn') : t('checklist.corrected')}
              </Tag>
            )}
          </span>
          <Space>
            <Radio.Group
              value={shown}
              disabled={props.closed}
              optionType="button"
              buttonStyle="solid"
              size="small"
              onChange={(e) => choose(e.target.value as Outcome)}
              options={(['pass', 'fail', 'na'] as const).map((o) => ({
                value: o,
                label: t(`outcomes.${o}`),
              }))}
            />
            {answered && !props.closed && pending === null && (
              <Button
                size="small"
                type="link"
                onClick={() => {
                  once.edited();
                  draft.set({ outcome: 'withdraw', note });
                }}
                data-testid={`withdraw-${props.item.id}`}
              >
                {t('checklist.withdraw')}
              </Button>
            )}
          </Space>
        </Space>
        <DraftNotice
          restoredAt={draft.restoredAt}
          onDiscard={draft.discard}
          onClose={draft.dismissNotice}
          testId={`draft-restored-${props.item.id}`}
        />
        {props.result?.note != null && pending === null && (
          <Typography.Text type="secondary">{props.result.note}</Typography.Text>
        )}
        {needsText && !props.closed && (
          <>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                placeholder={placeholder}
                value={note}
                status={noteProblem === null ? undefined : 'error'}
                onChange={(e) => {
                  once.edited();
                  draft.set({ outcome: pending, note: e.target.value });
                }}
                data-testid={`note-${props.item.id}`}
              />
              <Button
                type="primary"
                danger={pending === 'fail' || pending === 'withdraw'}
                loading={once.saving}
                disabled={noteProblem !== null}
                onClick={() => void save(pending, note)}
                data-testid={`save-${props.item.id}`}
              >
                {pending === 'withdraw'
                  ? t('checklist.recordWithdraw')
                  : pending === 'fail'
                    ? t('checklist.recordFail')
                    : t('checklist.recordCorrection', { outcome: t(`outcomes.${pending}`) })}
              </Button>
              <Button onClick={draft.discard} data-testid={`cancel-${props.item.id}`}>
                {t('checklist.cancel')}
              </Button>
            </Space.Compact>
            {noteProblem !== null && (
              <Typography.Text type="danger" data-testid={`note-problem-${props.item.id}`}>
                {noteProblem}
              </Typography.Text>
            )}
          </>
        )}
        {error !== null && <Alert type="error" showIcon message={error} />}
      </Space>
    </List.Item>
  );
}
