import {
  auditFindingEventRecordSchema,
  toAuditFindingEvent,
  type AuditFindingEventRecord,
} from '#shared/domain/index';
import type { Author } from '#shared/patrol/author';
import { fail, ok, type Result } from '#shared/result';
import {
  refuseAuditEvent,
  type AuditCause,
  type AuditCorrection,
  type AuditFindingRefusal,
  type AuditFindingState,
} from '#shared/verdicts/audit/index';

/** What a crew does with a data-audit finding, before ids, author and time are added. */
export type AuditEventDraft =
  | { readonly type: 'cause_recorded'; readonly cause: AuditCause; readonly note: string | null }
  | { readonly type: 'corrected'; readonly reason: string; readonly correction: AuditCorrection }
  | { readonly type: 'closed'; readonly note: string | null }
  | { readonly type: 'dismissed'; readonly reason: string };

export type AuditEventTarget = {
  readonly findingKey: string;
  readonly siteCode: string;
  readonly divisionCode: string;
  /** The finding's state now: the fold of its events on this device. */
  readonly state: AuditFindingState;
};

/** Refused before saving: the fold would not take the event, or its fields are not a valid record. */
export type AuditEventRefusal = AuditFindingRefusal | 'invalid';

/**
 * The `audit_finding_events` record of one action on a finding, refused when its fields do not make
 * a valid event (named) or when the finding-life fold would not take it (`refuseAuditEvent`, the one
 * rule): the screen asks here before it writes, so nothing is saved that the fold would hold back.
 */
export function buildAuditEvent(
  target: AuditEventTarget,
  draft: AuditEventDraft,
  author: Author,
  /** Account name of who acts (the enrolled account, or the crew's name on a laptop not enrolled). */
  by: string,
): Result<AuditFindingEventRecord, AuditEventRefusal> {
  const candidate = {
    id: author.newId(),
    findingKey: target.findingKey,
    siteCode: target.siteCode,
    divisionCode: target.divisionCode,
    type: draft.type,
    by,
    cause: draft.type === 'cause_recorded' ? draft.cause : null,
    note: draft.type === 'cause_recorded' || draft.type === 'closed' ? draft.note : null,
    reason: draft.type === 'corrected' || draft.type === 'dismissed' ? draft.reason : null,
    correction: draft.type === 'corrected' ? draft.correction : null,
    deviceId: author.deviceId,
    operatorId: author.operatorId,
    recordedAt: author.now(),
    receivedAt: null,
  };
  const parsed = auditFindingEventRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('invalid', `audit_finding_events: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const refusal = refuseAuditEvent(target.state, toAuditFindingEvent(parsed.data));
  return refusal === null
    ? ok(parsed.data)
    : fail(refusal, `the finding (${target.state.status}) does not take a ${draft.type} event`);
}
