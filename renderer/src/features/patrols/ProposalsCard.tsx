import { Alert, Button, Card, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  faultCategories,
  type FaultCategory,
  type FaultEvent,
  type Patrol,
  type PatrolEvent,
} from '#shared/domain/index';
import { openFault } from '#shared/faults/fault-events';
import { provenanceOf } from '#shared/patrol/author';
import { checklistItems, type ChecklistConfig } from '#shared/patrol/checklist';
import { pendingFaultProposals, type FaultProposal } from '#shared/verdicts/fault-proposals';
import { localText } from './lib/text';
import { useAuthor } from './lib/author';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

/**
 * Faults proposed by failed checklist items: each pre-filled with the site, the item (its title and the
 * crew's note) and the item's photos as evidence. The crew opens the fault (linked to the patrol and
 * the item) or dismisses the proposal with a reason, recorded as a patrol event.
 */
export function ProposalsCard({
  patrol,
  events,
  faultEvents,
  checklist,
}: {
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
  readonly faultEvents: readonly FaultEvent[];
  readonly checklist: ChecklistConfig | null;
}) {
  const { t } = useTranslation(['patrols', 'faults']);
  const pending = pendingFaultProposals(patrol, events, faultEvents);
  if (pending.length === 0) {
    return null;
  }
  return (
    <Card title={t('patrols:proposals.title')} data-testid="fault-proposals">
      <List
        dataSource={pending}
        renderItem={(p) => (
          <List.Item key={p.itemId}>
            <Proposal proposal={p} patrol={patrol} checklist={checklist} />
          </List.Item>
        )}
      />
    </Card>
  );
}

function Proposal({
  proposal,
  patrol,
  checklist,
}: {
  readonly proposal: FaultProposal;
  readonly patrol: Patrol;
  readonly checklist: ChecklistConfig | null;
}) {
  const { t, i18n } = useTranslation(['patrols', 'faults']);
  const author = useAuthor();
  const once = useWriteOnce();
  const [category, setCategory] = useState<FaultCategory>('other');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const item =
    checklist === null ? undefined : checklistItems(checklist).find((i) => i.id === proposal.itemId);
  const label = item === undefined ? proposal.itemId : localText(item.title, i18n.language);
  const description =
    proposal.note === null || proposal.note.trim() === ''
      ? label
      : t('patrols:proposals.described', { label, note: proposal.note });

  const confirm = async () => {
    setError(null);
    const outcome = await once.run(`proposal-open:${proposal.itemId}`, () => {
      const made = openFault(
        {
          siteId: patrol.siteId,
          divisionCode: patrol.divisionCode,
          category,
          severity: 'medium',
          description,
          patrolId: patrol.id,
          itemId: proposal.itemId,
          taskId: patrol.taskId,
          photoIds: proposal.photoIds,
        },
        actionAuthor(author),
      );
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'fault_events', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'refused') {
      setError(t(`faults:refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    }
  };

  const dismiss = async () => {
    setError(null);
    if (reason.trim() === '') {
      setError(t('patrols:proposals.reasonRequired'));
      return;
    }
    const outcome = await once.run(`proposal-dismiss:${proposal.itemId}`, () => {
      const a = actionAuthor(author);
      const record: PatrolEvent = {
        id: a.newId(),
        patrolId: patrol.id,
        siteId: patrol.siteId,
        divisionCode: patrol.divisionCode,
        type: 'fault_proposal_dismissed',
        itemId: proposal.itemId,
        outcome: null,
        note: reason.trim().slice(0, 2000),
        photoIds: [],
        checkOut: null,
        supersedesId: null,
        signature: null,
        refersToId: null,
        ...provenanceOf(a, a.now()),
      };
      return { ok: true, records: record, items: [{ collection: 'patrol_events', record }] };
    });
    if (outcome.status === 'failed') {
      setError(outcome.error.message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`fault-proposal-${proposal.itemId}`}>
      <Space wrap>
        <Tag color="error">{t('patrols:outcomes.fail')}</Tag>
        <Typography.Text strong>{description}</Typography.Text>
        {proposal.photoIds.length > 0 && (
          <Tag>{t('patrols:proposals.photos', { count: proposal.photoIds.length })}</Tag>
        )}
      </Space>
      <Space wrap>
        <Select
          value={category}
          onChange={setCategory}
          style={{ width: 180 }}
          options={faultCategories.map((c) => ({ value: c, label: t(`faults:categories.${c}`) }))}
          data-testid="fault-proposal-category"
        />
        <Button
          type="primary"
          loading={once.saving}
          onClick={() => void confirm()}
          data-testid="fault-proposal-open"
        >
          {t('patrols:proposals.open')}
        </Button>
        <Input
          placeholder={t('patrols:proposals.reasonHint')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 260 }}
          data-testid="fault-proposal-reason"
        />
        <Button onClick={() => void dismiss()} data-testid="fault-proposal-dismiss">
          {t('patrols:proposals.dismiss')}
        </Button>
      </Space>
      {error !== null && <Alert type="error" showIcon message={error} />}
    </Space>
  );
}
