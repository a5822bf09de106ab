import type { FaultAssignee, FaultCategory, FaultEvent, FaultEventType, RepairPart } from '../domain/index';

/**
 * A 故障 ticket's state is the fold of its events — the only fold of fault events in the project (the
 * map, the fault pages, the service's verification and the monthly report all call it). Events come
 * from several laptops and the platform, and arrive in any order; the fold sorts them by the platform's
 * receipt time where known, else device time (then id) — a device clock is never trusted over the
 * platform's receipt (design §4) — and applies each whose transition is valid, holding back the others
 * and retrying them after every applied event, so an event recorded on a laptop with a slow clock still
 * lands after its predecessor and the result does not depend on arrival order. An event that never
 * becomes valid is reported with its named reason. A `withdrawn` event takes back the event it names:
 * the fold is done again as if that event had never been recorded (both stay stored and listed).
 *
 * Dispatch and sign-off (v2): a supervisor's `dispatched` assigns the ticket to a crew with a due time
 * (again to reassign, before the repair); the crew's `accepted` follows a dispatch. 开始处理
 * (`in_progress`) comes before `repaired`, or the repair says why it skipped it (`skipReason`; a repair
 * saved before v2 carries no such field and was never asked). After a v2 repair the crew records
 * `onsite_verified` (a diagnostic session showing the RTU's frame leave) before the platform's
 * `verified` can close it. The crew signs a repair (`signed`, naming it); a supervisor accepts or
 * returns (with a comment) that signature. An accepted sign-off locks the repair and its signature:
 * a correction or withdrawal naming either is refused (`locked-by-sign-off`); a later change is a new
 * event (a comment, a reopening and a new repair).
 */
export const faultStatuses = ['open', 'in_progress', 'repaired', 'verified', 'reopened'] as const;
export type FaultStatus = (typeof faultStatuses)[number];

export const faultRefusals = [
  'not-opened',
  'already-opened',
  'verified-before-repaired',
  'reopened-before-repaired',
  'repair-without-actions',
  'already-closed',
  'backfill-window-invalid',
  'backfill-done-before-required',
  'correction-target-unknown',
  'wrong-fault',
  'withdrawal-target-unknown',
  'not-withdrawable',
  'withdrawal-reason-required',
  'dispatch-without-assignee',
  'dispatch-after-repair',
  'accepted-before-dispatched',
  'already-accepted',
  'repair-skipped-without-reason',
  'onsite-verified-before-repaired',
  'onsite-verification-without-evidence',
  'verified-before-onsite-verification',
  'signature-missing',
  'signature-target-not-repair',
  'already-signed',
  'review-target-unknown',
  'already-reviewed',
  'return-without-comment',
  'locked-by-sign-off',
] as const;
export type FaultRefusal = (typeof faultRefusals)[number];

export type Backfill = {
  readonly required: boolean;
  readonly from: number | null;
  readonly to: number | null;
  readonly doneAt: number | null;
};

/** The supervisor's latest dispatch: to whom, due when, and when it was made and accepted. */
export type FaultDispatch = {
  readonly assignee: FaultAssignee;
  readonly dueAt: number;
  readonly at: number;
  readonly eventId: string;
  readonly acceptedAt: number | null;
};

/** The repair's sign-off: signed by the crew, then accepted (locked) or returned by a supervisor. */
export type FaultSignOff = {
  readonly status: 'signed' | 'accepted' | 'returned';
  /** The `signed` event and the repair it signs. */
  readonly signedEventId: string;
  readonly repairEventId: string;
  readonly signature: string;
  readonly signedBy: string;
  readonly signedAt: number;
  /** The supervisor's comment (required when returned). */
  readonly comment: string | null;
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
};

export type FaultState = {
  readonly faultId: string;
  readonly siteId: string;
  readonly divisionCode: string;
  readonly status: FaultStatus;
  readonly category: FaultCategory | null;
  readonly severity: FaultEvent['severity'];
  readonly description: string | null;
  readonly patrolId: string | null;
  readonly taskId: string | null;
  /** When it was opened: device time, but never later than the platform's receipt. */
  readonly openedAt: number;
  readonly repairedAt: number | null;
  /**
   * When the platform received the repair (null while the repair is still on the laptop): data flowing
   * after this moment verifies it, whatever the laptop's clock said.
   */
  readonly repairReceivedAt: number | null;
  /** Set when verified (the platform saw data flowing again); cleared by a later reopen. */
  readonly closedAt: number | null;
  readonly actions: string | null;
  readonly partsReplaced: readonly string[];
  /** The repair's parts with quantity and serial (a v1 repair's names read as one of each). */
  readonly parts: readonly RepairPart[];
  /** The applied repair event (the one a signature names), null before a repair. */
  readonly repairEventId: string | null;
  /** Why the repair skipped 开始处理 (null when it did not, or was saved before v2). */
  readonly skipReason: string | null;
  /** Set by a v2 repair: the platform's verification waits for the crew's on-site verification. */
  readonly onsiteVerificationRequired: boolean;
  /** When the crew verified on site after the last repair (null before), and its evidence. */
  readonly onsiteVerifiedAt: number | null;
  readonly dispatch: FaultDispatch | null;
  readonly signOff: FaultSignOff | null;
  readonly backfill: Backfill;
  readonly photoIds: readonly string[];
  readonly diagnosticSessionIds: readonly string[];
  readonly reopenCount: number;
  /** Applied events in the order they were folded (the history shown to the crew). */
  readonly history: readonly FaultEvent[];
  readonly rejected: readonly { readonly event: FaultEvent; readonly reason: FaultRefusal }[];
  /** Events taken back, each beside the withdrawal that names it (the fold ignored them). */
  readonly withdrawn: readonly { readonly event: FaultEvent; readonly by: FaultEvent }[];
};

type Draft = { -readonly [K in keyof FaultState]: FaultState[K] };

const transitions: Partial<Record<FaultEventType, readonly FaultStatus[]>> = {
  in_progress: ['open', 'reopened'],
  dispatched: ['open', 'in_progress', 'reopened'],
  accepted: ['open', 'in_progress', 'reopened'],
  onsite_verified: ['repaired'],
  signed: ['repaired', 'verified'],
  repaired: ['open', 'in_progress', 'reopened'],
  verified: ['repaired'],
  reopened: ['repaired', 'verified'],
};

/** Why `event` cannot follow `state` (null = it can). Pure: the UI asks before saving. */
export function refuseEvent(state: FaultState | null, event: FaultEvent): FaultRefusal | null {
  if (event.type === 'opened') {
    return state === null ? null : 'already-opened';
  }
  if (state === null) {
    return 'not-opened';
  }
  if (event.faultId !== state.faultId) {
    return 'wrong-fault';
  }
  const allowed = transitions[event.type];
  if (allowed !== undefined && !allowed.includes(state.status)) {
    if (event.type === 'dispatched' || event.type === 'accepted') {
      return 'dispatch-after-repair';
    }
    if (event.type === 'onsite_verified') {
      return 'onsite-verified-before-repaired';
    }
    if (event.type === 'signed') {
      return 'signature-target-not-repair';
    }
    if (event.type === 'verified') {
      return state.status === 'verified' ? 'already-closed' : 'verified-before-repaired';
    }
    if (event.type === 'reopened') {
      return 'reopened-before-repaired';
    }
    return 'already-closed';
  }
  switch (event.type) {
    case 'repaired':
      if ((event.actions ?? '').trim().length === 0) {
        return 'repair-without-actions';
      }
      // Straight after opening, acceptance or a reopening: 开始处理 was skipped and must say why. A
      // repair saved before v2 has no skipReason field at all and was never asked.
      return state.status !== 'in_progress' &&
        event.skipReason !== undefined &&
        (event.skipReason ?? '').trim().length === 0
        ? 'repair-skipped-without-reason'
        : null;
    case 'dispatched':
      return event.assignee === null || event.assignee === undefined || (event.dueAt ?? null) === null
        ? 'dispatch-without-assignee'
        : null;
    case 'accepted':
      if (state.dispatch === null) {
        return 'accepted-before-dispatched';
      }
      return state.dispatch.acceptedAt === null ? null : 'already-accepted';
    case 'onsite_verified':
      return event.diagnosticSessionIds.length === 0 ? 'onsite-verification-without-evidence' : null;
    case 'signed':
      if ((event.signature ?? '').length === 0) {
        return 'signature-missing';
      }
      if (event.correctsEventId === null || event.correctsEventId !== state.repairEventId) {
        return 'signature-target-not-repair';
      }
      return state.signOff !== null &&
        state.signOff.repairEventId === state.repairEventId &&
        state.signOff.status !== 'returned'
        ? 'already-signed'
        : null;
    case 'sign_off_accepted':
    case 'sign_off_returned':
      if (state.signOff === null || state.signOff.signedEventId !== event.correctsEventId) {
        return 'review-target-unknown';
      }
      if (state.signOff.status !== 'signed') {
        return 'already-reviewed';
      }
      return event.type === 'sign_off_returned' && (event.description ?? '').trim().length === 0
        ? 'return-without-comment'
        : null;
    case 'backfill_required':
      return event.backfillFrom === null ||
        event.backfillTo === null ||
        event.backfillFrom >= event.backfillTo
        ? 'backfill-window-invalid'
        : null;
    case 'backfill_done':
      return state.backfill.required ? null : 'backfill-done-before-required';
    case 'corrected':
      if (lockedBy(state.history).has(event.correctsEventId ?? '')) {
        return 'locked-by-sign-off';
      }
      return state.history.some((e) => e.id === event.correctsEventId) ? null : 'correction-target-unknown';
    case 'withdrawn':
      return refuseWithdrawal(state.history, event);
    case 'verified':
      return state.onsiteVerificationRequired && state.onsiteVerifiedAt === null
        ? 'verified-before-onsite-verification'
        : null;
    case 'in_progress':
    case 'reopened':
    case 'comment':
      return null;
    default:
      return null;
  }
}

function open(e: FaultEvent): Draft {
  return {
    faultId: e.faultId,
    siteId: e.siteId,
    divisionCode: e.divisionCode,
    status: 'open',
    category: e.category,
    severity: e.severity,
    description: e.description,
    patrolId: e.patrolId,
    taskId: e.taskId,
    openedAt: eventAt(e),
    repairedAt: null,
    repairReceivedAt: null,
    closedAt: null,
    actions: null,
    partsReplaced: [],
    parts: [],
    repairEventId: null,
    skipReason: null,
    onsiteVerificationRequired: false,
    onsiteVerifiedAt: null,
    dispatch: null,
    signOff: null,
    backfill: { required: false, from: null, to: null, doneAt: null },
    photoIds: e.photoIds,
    diagnosticSessionIds: e.diagnosticSessionIds,
    reopenCount: 0,
    history: [e],
    rejected: [],
    withdrawn: [],
  };
}

function apply(s: Draft, e: FaultEvent): void {
  s.history = [...s.history, e];
  s.photoIds = [...new Set([...s.photoIds, ...e.photoIds])];
  s.diagnosticSessionIds = [...new Set([...s.diagnosticSessionIds, ...e.diagnosticSessionIds])];
  switch (e.type) {
    case 'in_progress':
      s.status = 'in_progress';
      break;
    case 'repaired':
      s.status = 'repaired';
      s.repairedAt = eventAt(e);
      s.repairReceivedAt = e.receivedAt ?? null;
      s.actions = e.actions;
      s.partsReplaced = e.partsReplaced;
      s.parts = partsOf(e);
      s.repairEventId = e.id;
      s.skipReason = e.skipReason ?? null;
      s.onsiteVerificationRequired = e.skipReason !== undefined;
      s.onsiteVerifiedAt = null;
      break;
    case 'dispatched':
      s.dispatch = {
        assignee: e.assignee as FaultAssignee,
        dueAt: e.dueAt as number,
        at: eventAt(e),
        eventId: e.id,
        acceptedAt: null,
      };
      break;
    case 'accepted':
      s.dispatch = s.dispatch === null ? null : { ...s.dispatch, acceptedAt: eventAt(e) };
      break;
    case 'onsite_verified':
      s.onsiteVerifiedAt = eventAt(e);
      break;
    case 'signed':
      s.signOff = {
        status: 'signed',
        signedEventId: e.id,
        repairEventId: e.correctsEventId ?? '',
        signature: e.signature ?? '',
        signedBy: e.operatorId,
        signedAt: eventAt(e),
        comment: null,
        reviewedBy: null,
        reviewedAt: null,
      };
      break;
    case 'sign_off_accepted':
    case 'sign_off_returned':
      if (s.signOff !== null) {
        s.signOff = {
          ...s.signOff,
          status: e.type === 'sign_off_accepted' ? 'accepted' : 'returned',
          comment: e.description,
          reviewedBy: e.operatorId,
          reviewedAt: eventAt(e),
        };
      }
      break;
    case 'verified':
      s.status = 'verified';
      s.closedAt = eventAt(e);
      break;
    case 'reopened':
      s.status = 'reopened';
      s.closedAt = null;
      s.reopenCount += 1;
      break;
    case 'backfill_required':
      s.backfill = { required: true, from: e.backfillFrom, to: e.backfillTo, doneAt: null };
      break;
    case 'backfill_done':
      s.backfill = { ...s.backfill, doneAt: eventAt(e) };
      break;
    case 'corrected': {
      // A correction amends what it names; the corrected event itself stays in the history.
      s.category = e.category ?? s.category;
      s.severity = e.severity ?? s.severity;
      s.description = e.description ?? s.description;
      if (e.actions !== null) {
        s.actions = e.actions;
      }
      if (e.partsReplaced.length > 0 || (e.parts ?? []).length > 0) {
        s.partsReplaced = e.partsReplaced;
        s.parts = partsOf(e);
      }
      if (e.backfillFrom !== null && e.backfillTo !== null && e.backfillFrom < e.backfillTo) {
        s.backfill = { ...s.backfill, from: e.backfillFrom, to: e.backfillTo };
      }
      break;
    }
    case 'opened':
    case 'comment':
    case 'withdrawn':
      break;
    default:
      break;
  }
}

/** An event's parts: v2's structured list, else its names (saved before v2) as one of each. */
export function partsOf(e: Pick<FaultEvent, 'parts' | 'partsReplaced'>): readonly RepairPart[] {
  return e.parts ?? e.partsReplaced.map((part) => ({ part, quantity: 1, serial: null }));
}

/**
 * The events an accepted sign-off locks, each with the acceptance: the signature and the repair it
 * signs. Read from the events as stored (an acceptance is never withdrawable), so the fold's order
 * does not change what is locked.
 */
export function lockedBy(events: readonly FaultEvent[]): Map<string, FaultEvent> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const locked = new Map<string, FaultEvent>();
  for (const e of events) {
    if (e.type !== 'sign_off_accepted' || e.correctsEventId === null) {
      continue;
    }
    const signature = byId.get(e.correctsEventId);
    if (signature?.type === 'signed' && signature.faultId === e.faultId) {
      locked.set(signature.id, e);
      if (signature.correctsEventId !== null) {
        locked.set(signature.correctsEventId, e);
      }
    }
  }
  return locked;
}

/** When an event happened: its device time, clamped to the platform's receipt (a clock ahead lies). */
export function eventAt(e: Pick<FaultEvent, 'recordedAt' | 'receivedAt'>): number {
  return e.receivedAt === null || e.receivedAt === undefined
    ? e.recordedAt
    : Math.min(e.recordedAt, e.receivedAt);
}

/** The fold's order: the platform's receipt where known, else device time; then id. */
function inReceiptOrder(a: FaultEvent, b: FaultEvent): number {
  const ka = a.receivedAt ?? a.recordedAt;
  const kb = b.receivedAt ?? b.recordedAt;
  return ka - kb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The events a crew records on an open ticket — and so may take back: its own work. Opening is not
 * withdrawable (a ticket opened by mistake is closed with a comment), nor the platform's verdicts, nor
 * a withdrawal (enter the event again instead), so a withdrawal never depends on another withdrawal.
 */
export const crewFaultEventTypes = [
  'accepted',
  'in_progress',
  'onsite_verified',
  'repaired',
  'backfill_required',
  'backfill_done',
  'comment',
  'corrected',
] as const satisfies readonly FaultEventType[];
const withdrawable: readonly FaultEventType[] = crewFaultEventTypes;

/** May a crew take this event back? */
export function isWithdrawable(event: FaultEvent): boolean {
  return withdrawable.includes(event.type);
}

/** Why `withdrawal` cannot take back anything among `events` (null = it can); it needs the reason. */
function refuseWithdrawal(events: readonly FaultEvent[], withdrawal: FaultEvent): FaultRefusal | null {
  if ((withdrawal.description ?? '').trim().length === 0) {
    return 'withdrawal-reason-required';
  }
  const target = events.find((e) => e.id === withdrawal.correctsEventId && e.faultId === withdrawal.faultId);
  if (target === undefined) {
    return 'withdrawal-target-unknown';
  }
  if (!isWithdrawable(target)) {
    return 'not-withdrawable';
  }
  return lockedBy(events).has(target.id) ? 'locked-by-sign-off' : null;
}

/** Folds all events of one fault (any arrival order; duplicates by id count once). Null if never opened. */
export function foldFault(events: readonly FaultEvent[]): FaultState | null {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(inReceiptOrder);
  // Withdrawals first: the events they take back are left out of the fold altogether.
  const withdrawals = unique.filter((e) => e.type === 'withdrawn');
  const taken = new Map<string, FaultEvent>();
  const badWithdrawals: { event: FaultEvent; reason: FaultRefusal }[] = [];
  for (const w of withdrawals) {
    const reason = refuseWithdrawal(unique, w);
    if (reason === null && w.correctsEventId !== null) {
      taken.set(w.correctsEventId, w);
    } else {
      badWithdrawals.push({ event: w, reason: reason ?? 'withdrawal-target-unknown' });
    }
  }
  const folded = unique.filter((e) => e.type !== 'withdrawn' && !taken.has(e.id));
  const opened = folded.find((e) => e.type === 'opened');
  if (opened === undefined) {
    return null;
  }
  const state = open(opened);
  let pending = folded.filter((e) => e !== opened);
  let progressed = true;
  while (progressed && pending.length > 0) {
    progressed = false;
    const still: FaultEvent[] = [];
    for (const e of pending) {
      if (!progressed && refuseEvent(state, e) === null) {
        apply(state, e);
        progressed = true;
      } else {
        still.push(e);
      }
    }
    // Retry from the earliest held-back event after each applied one, keeping receipt order.
    pending = still.sort(inReceiptOrder);
  }
  state.rejected = [
    ...pending.map((event) => ({ event, reason: refuseEvent(state, event) ?? 'wrong-fault' })),
    ...badWithdrawals,
  ];
  state.withdrawn = unique
    .filter((e) => taken.has(e.id))
    .map((event) => ({ event, by: taken.get(event.id) as FaultEvent }));
  return state;
}

/** Groups fault events by fault and folds each; faults never opened are left out. */
export function foldFaults(events: readonly FaultEvent[]): FaultState[] {
  const groups = new Map<string, FaultEvent[]>();
  for (const e of events) {
    const list = groups.get(e.faultId) ?? [];
    list.push(e);
    groups.set(e.faultId, list);
  }
  return [...groups.values()]
    .map((g) => foldFault(g))
    .filter((s): s is FaultState => s !== null)
    .sort((a, b) => b.openedAt - a.openedAt);
}

/** Open: not verified (a reopened ticket is open again). */
export function isOpen(state: FaultState): boolean {
  return state.status !== 'verified';
}

/**
 * Every fault as it stood at `endMs` (exclusive): only events that had happened by then are folded.
 * `Infinity` folds everything known now.
 */
export function faultsAsOf(events: readonly FaultEvent[], endMs: number): FaultState[] {
  return foldFaults(Number.isFinite(endMs) ? events.filter((e) => eventAt(e) < endMs) : events);
}
