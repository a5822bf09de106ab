import { Alert, Button, Card, Image, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patrol, PatrolEvent } from '#shared/domain/index';
import { foldPatrolSignOff, refuseSignOffEvent } from '#shared/faults/patrol-sign-off';
import { maySupervise } from '#shared/faults/roles';
import { provenanceOf } from '#shared/patrol/author';
import { formatDateTime } from '../../i18n/format';
import { SignaturePad } from '../common/SignaturePad';
import { useSignedInRole } from '../common/use-role';
import { useAuthor } from './lib/author';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

type SignOffType = 'signed' | 'sign_off_accepted' | 'sign_off_returned';

/**
 * The patrol's sign-off (签字确认): the crew signs the visit on a signature pad; a supervisor accepts
 * it (the visit's answers are locked) or returns it with a comment. The fold refuses by name.
 */
export function SignOffCard({
  patrol,
  events,
}: {
  readonly patrol: Patrol;
  readonly events: readonly PatrolEvent[];
}) {
  const { t, i18n } = useTranslation(['patrols', 'faults']);
  const role = useSignedInRole();
  const author = useAuthor();
  const once = useWriteOnce();
  const [signature, setSignature] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { signOff, rejected } = foldPatrolSignOff(events);

  const record = async (type: SignOffType) => {
    setError(null);
    const press = `${type}:${signOff?.signedEventId ?? ''}:${comment}`;
    // Signing and reviewing are separate actions: one after the other is not a repeat.
    if (!once.holds(press)) {
      once.edited();
    }
    const outcome = await once.run(press, () => {
      const a = actionAuthor(author);
      const event: PatrolEvent = {
        id: a.newId(),
        patrolId: patrol.id,
        siteId: patrol.siteId,
        divisionCode: patrol.divisionCode,
        type,
        itemId: null,
        outcome: null,
        note: type === 'signed' ? null : comment.trim() || null,
        photoIds: [],
        checkOut: null,
        supersedesId: null,
        signature: type === 'signed' ? signature : null,
        refersToId: type === 'signed' ? null : (signOff?.signedEventId ?? null),
        ...provenanceOf(a, a.now()),
      };
      const refusal = refuseSignOffEvent(signOff, event);
      return refusal === null
        ? { ok: true, records: event, items: [{ collection: 'patrol_events', record: event }] }
        : { ok: false, code: refusal, message: refusal };
    });
    if (outcome.status === 'refused') {
      setError(t(`faults:refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      setComment('');
    }
  };

  const canSign = signOff === null || signOff.status === 'returned';
  return (
    <Card title={t('patrols:signOff.title')} data-testid="patrol-sign-off">
      <Space direction="vertical" style={{ width: '100%' }}>
        {signOff !== null && (
          <Space direction="vertical">
            <Space>
              <Tag
                color={
                  signOff.status === 'accepted' ? 'green' : signOff.status === 'returned' ? 'red' : 'blue'
                }
                data-testid="patrol-sign-off-status"
              >
                {t(`faults:signOff.statuses.${signOff.status}`)}
              </Tag>
              <Typography.Text type="secondary">
                {t('faults:signOff.signedBy', {
                  who: signOff.signedBy,
                  at: formatDateTime(signOff.signedAt, i18n.language),
                })}
              </Typography.Text>
            </Space>
            <Image src={signOff.signature} width={240} preview={false} alt={t('faults:signOff.image')} />
            {signOff.comment !== null && <Alert type="info" showIcon message={signOff.comment} />}
          </Space>
        )}
        {canSign && (
          <>
            <SignaturePad onChange={setSignature} testId="patrol-signature-pad" />
            <Button type="primary" onClick={() => void record('signed')} data-testid="patrol-sign">
              {t('faults:signOff.sign')}
            </Button>
          </>
        )}
        {signOff?.status === 'signed' && maySupervise(role) && (
          <Space wrap>
            <Input
              placeholder={t('faults:signOff.commentHint')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              style={{ width: 320 }}
              data-testid="patrol-review-comment"
            />
            <Button
              type="primary"
              onClick={() => void record('sign_off_accepted')}
              data-testid="patrol-review-accept"
            >
              {t('faults:signOff.accept')}
            </Button>
            <Button
              danger
              onClick={() => void record('sign_off_returned')}
              data-testid="patrol-review-return"
            >
              {t('faults:signOff.return')}
            </Button>
          </Space>
        )}
        {rejected.map((r) => (
          <Alert
            key={r.event.id}
            type="warning"
            showIcon
            message={t('patrols:signOff.heldBack', { reason: t(`faults:refusals.${r.reason}`) })}
          />
        ))}
        {error !== null && (
          <Alert type="error" showIcon message={error} data-testid="patrol-sign-off-error" />
        )}
      </Space>
    </Card>
  );
}
