import type { PatrolEvent } from '../domain/index';
import type { FaultRefusal } from './state-machine';

/**
 * A patrol's sign-off (签字确认), the one fold of its `signed`, `sign_off_accepted` and
 * `sign_off_returned` events: the crew signs the visit, a supervisor accepts it (locking it) or returns
 * it with a comment, after which the crew may sign again. Events arrive in any order: they are taken in
 * the platform's receipt order (else device time, then id), and one that cannot follow yet is retried
 * after every applied one, so the result does not depend on arrival order. Once accepted, the record
 * is locked: a checklist answer or check-out made after the signature is refused (`locked-by-sign-off`)
 * and left out of `inForce`; a later remark is a new note referring to the visit.
 */
export type PatrolSignOffRefusal = Extract<
  FaultRefusal,
  | 'signature-missing'
  | 'already-signed'
  | 'review-target-unknown'
  | 'already-reviewed'
  | 'return-without-comment'
  | 'locked-by-sign-off'
>;

export type PatrolSignOff = {
  readonly status: 'signed' | 'accepted' | 'returned';
  readonly signedEventId: string;
  readonly signature: string;
  readonly signedBy: string;
  readonly signedAt: number;
  readonly comment: string | null;
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
};

export type PatrolSignOffState = {
  readonly signOff: PatrolSignOff | null;
  /** The patrol's events the screens count: all but answers refused as locked. */
  readonly inForce: readonly PatrolEvent[];
  readonly rejected: readonly { readonly event: PatrolEvent; readonly reason: PatrolSignOffRefusal }[];
};

const signOffTypes: readonly PatrolEvent['type'][] = ['signed', 'sign_off_accepted', 'sign_off_returned'];
const editTypes: readonly PatrolEvent['type'][] = ['checklist_item', 'check_out'];

const at = (e: PatrolEvent) =>
  e.receivedAt === null || e.receivedAt === undefined ? e.recordedAt : Math.min(e.recordedAt, e.receivedAt);
const order = (a: PatrolEvent, b: PatrolEvent) =>
  (a.receivedAt ?? a.recordedAt) - (b.receivedAt ?? b.recordedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Why `event` cannot follow the sign-off as it stands (null = it can). */
export function refuseSignOffEvent(
  signOff: PatrolSignOff | null,
  event: PatrolEvent,
): PatrolSignOffRefusal | null {
  switch (event.type) {
    case 'signed':
      if ((event.signature ?? '').length === 0) {
        return 'signature-missing';
      }
      return signOff === null || signOff.status === 'returned' ? null : 'already-signed';
    case 'sign_off_accepted':
    case 'sign_off_returned':
      if (signOff === null || signOff.signedEventId !== event.refersToId) {
        return 'review-target-unknown';
      }
      if (signOff.status !== 'signed') {
        return 'already-reviewed';
      }
      return event.type === 'sign_off_returned' && (event.note ?? '').trim().length === 0
        ? 'return-without-comment'
        : null;
    case 'checklist_item':
    case 'check_out':
      return signOff?.status === 'accepted' && at(event) > signOff.signedAt ? 'locked-by-sign-off' : null;
    case 'note':
    case 'fault_proposal_dismissed':
    case 'calibration':
      return null;
  }
}

function applied(signOff: PatrolSignOff | null, e: PatrolEvent): PatrolSignOff | null {
  if (e.type === 'signed') {
    return {
      status: 'signed',
      signedEventId: e.id,
      signature: e.signature ?? '',
      signedBy: e.operatorId,
      signedAt: at(e),
      comment: null,
      reviewedBy: null,
      reviewedAt: null,
    };
  }
  return signOff === null
    ? null
    : {
        ...signOff,
        status: e.type === 'sign_off_accepted' ? 'accepted' : 'returned',
        comment: e.note,
        reviewedBy: e.operatorId,
        reviewedAt: at(e),
      };
}

/** Folds one patrol's events (any order; duplicates by id count once). */
export function foldPatrolSignOff(events: readonly PatrolEvent[]): PatrolSignOffState {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(order);
  let signOff: PatrolSignOff | null = null;
  let pending = unique.filter((e) => signOffTypes.includes(e.type));
  let progressed = true;
  while (progressed && pending.length > 0) {
    progressed = false;
    const still: PatrolEvent[] = [];
    for (const e of pending) {
      if (!progressed && refuseSignOffEvent(signOff, e) === null) {
        signOff = applied(signOff, e);
        progressed = true;
      } else {
        still.push(e);
      }
    }
    pending = still;
  }
  const final = signOff;
  const rejected: { event: PatrolEvent; reason: PatrolSignOffRefusal }[] = pending.map((event) => ({
    event,
    reason: refuseSignOffEvent(final, event) ?? 'review-target-unknown',
  }));
  const locked = unique.filter(
    (e) => editTypes.includes(e.type) && refuseSignOffEvent(final, e) === 'locked-by-sign-off',
  );
  rejected.push(...locked.map((event) => ({ event, reason: 'locked-by-sign-off' as const })));
  const lockedIds = new Set(locked.map((e) => e.id));
  return { signOff: final, inForce: unique.filter((e) => !lockedIds.has(e.id)), rejected };
}
