import type { Patrol, PatrolEvent, Site, VisitFix } from '../domain/index';
import { fail, ok, type Result } from '../result';
import { foldPatrolSignOff } from '../faults/patrol-sign-off';
import { checklistItems, checklistRef, checklistResults, type ChecklistConfig } from './checklist';
import { provenanceOf, type Author } from './author';
import { decideCheckIn, visitFix, type LatLng } from './geofence';

/** Why a visit action is refused; the UI shows each by name. Nothing saved is changed by a refusal. */
export const visitRefusals = [
  'reason-required',
  'invalid-radius',
  'wrong-checklist',
  'not-checked-in',
  'already-checked-out',
  'check-out-before-check-in',
  'unknown-item',
  'note-required',
  'empty-note',
  'correction-reason-required',
  'nothing-to-withdraw',
  'note-too-long',
  'locked-by-sign-off',
] as const;
export type VisitRefusal = (typeof visitRefusals)[number];

export type CheckInInput = {
  readonly site: Pick<Site, 'id' | 'kind' | 'divisionCode' | 'position'>;
  readonly checklist: ChecklistConfig;
  readonly position: LatLng | null;
  readonly accuracyM: number | null;
  readonly source: VisitFix['source'];
  readonly radiusM: number;
  readonly reason?: string | null;
  readonly taskId?: string | null;
};

/** 到站签到: creates the patrol. Outside the radius (or without a position) the crew's reason is required. */
export function checkIn(input: CheckInInput, author: Author): Result<Patrol, VisitRefusal> {
  if (input.checklist.siteKind !== input.site.kind) {
    return fail('wrong-checklist', `checklist ${input.checklist.id} is for ${input.checklist.siteKind}`);
  }
  const decision = decideCheckIn({
    site: input.site.position,
    position: input.position,
    radiusM: input.radiusM,
    reason: input.reason ?? null,
  });
  if (!decision.ok) {
    return fail(
      decision.reason,
      decision.reason === 'reason-required'
        ? `check-in ${decision.distanceM === null ? 'without a position' : `${decision.distanceM} m from the site`} is outside the ${input.radiusM} m radius and needs a reason`
        : `radius ${input.radiusM} m is not between 1 m and 100 km`,
    );
  }
  const at = author.now();
  return ok({
    id: author.newId(),
    siteId: input.site.id,
    siteKind: input.site.kind,
    divisionCode: input.site.divisionCode,
    taskId: input.taskId ?? null,
    checkIn: visitFix({
      at,
      site: input.site.position,
      position: input.position,
      accuracyM: input.accuracyM,
      source: input.source,
    }),
    radiusM: input.radiusM,
    outsideRadiusReason: decision.outsideRadiusReason,
    checklistId: checklistRef(input.checklist),
    ...provenanceOf(author, at),
  });
}

function checkOutEvent(events: readonly PatrolEvent[]): PatrolEvent | null {
  return events.find((e) => e.type === 'check_out') ?? null;
}

function baseEvent(patrol: Patrol, author: Author, at: number) {
  return {
    id: author.newId(),
    patrolId: patrol.id,
    siteId: patrol.siteId,
    divisionCode: patrol.divisionCode,
    itemId: null,
    outcome: null,
    note: null,
    photoIds: [],
    checkOut: null,
    ...provenanceOf(author, at),
  } satisfies Omit<PatrolEvent, 'type'>;
}

function openPatrol(patrol: Patrol | null, events: readonly PatrolEvent[]): Result<Patrol, VisitRefusal> {
  if (patrol === null) {
    return fail('not-checked-in', 'no check-in for this visit');
  }
  if (visitLock(patrol, events) === 'signed-off') {
    return fail('locked-by-sign-off', `visit ${patrol.id} was signed off and accepted; it is locked`);
  }
  const out = checkOutEvent(events.filter((e) => e.patrolId === patrol.id));
  if (out !== null) {
    return fail('already-checked-out', `visit ${patrol.id} was checked out`);
  }
  return ok(patrol);
}

/**
 * Why a visit's answers can no longer change: `signed-off` once a supervisor accepted its sign-off
 * (the sign-off fold's lock; a later remark is a new note), `checked-out` once it was checked out;
 * null while the crew may still answer.
 */
export function visitLock(
  patrol: Patrol,
  events: readonly PatrolEvent[],
): 'signed-off' | 'checked-out' | null {
  const own = events.filter((e) => e.patrolId === patrol.id);
  if (foldPatrolSignOff(own).signOff?.status === 'accepted') {
    return 'signed-off';
  }
  return checkOutEvent(own) === null ? null : 'checked-out';
}

/**
 * The checklist as the screens show it: the results of the answers in force (an answer the sign-off's
 * lock refused is left out) and the visit's lock.
 */
export function checklistInForce(checklist: ChecklistConfig, patrol: Patrol, events: readonly PatrolEvent[]) {
  const own = events.filter((e) => e.patrolId === patrol.id);
  return {
    results: checklistResults(checklist, foldPatrolSignOff(own).inForce),
    lock: visitLock(patrol, own),
  };
}

/** One checklist result. A failed item needs a note saying what is wrong. */
export function recordItem(
  patrol: Patrol | null,
  events: readonly PatrolEvent[],
  checklist: ChecklistConfig,
  input: {
    readonly itemId: string;
    readonly outcome: 'pass' | 'fail' | 'na';
    readonly note?: string | null;
    readonly photoIds?: readonly string[];
  },
  author: Author,
): Result<PatrolEvent, VisitRefusal> {
  const open = openPatrol(patrol, events);
  if (!open.ok) {
    return open;
  }
  if (!checklistItems(checklist).some((i) => i.id === input.itemId)) {
    return fail('unknown-item', `${input.itemId} is not an item of ${checklistRef(checklist)}`);
  }
  const note = (input.note ?? '').trim();
  if (note.length > patrolNoteMax) {
    return fail('note-too-long', `the note has ${note.length} characters, at most ${patrolNoteMax}`);
  }
  const answered = latestAnswer(events, open.value.id, input.itemId);
  if (answered !== null && answered.outcome !== null && note.length === 0) {
    return fail(
      'correction-reason-required',
      `${input.itemId} was answered ${answered.outcome}; a new answer corrects it and needs the reason`,
    );
  }
  if (input.outcome === 'fail' && note.length === 0) {
    return fail('note-required', `a failed item (${input.itemId}) needs a note`);
  }
  return ok({
    ...baseEvent(open.value, author, author.now()),
    type: 'checklist_item',
    itemId: input.itemId,
    outcome: input.outcome,
    note: note.length > 0 ? note : null,
    photoIds: [...(input.photoIds ?? [])],
    // A correction names the answer it replaces (the earlier one stays in the record).
    supersedesId: answered?.id ?? null,
  });
}

const patrolNoteMax = 2000;

/** The newest result of one item in a visit (a withdrawal has outcome null), or null if never answered. */
function latestAnswer(events: readonly PatrolEvent[], patrolId: string, itemId: string): PatrolEvent | null {
  let latest: PatrolEvent | null = null;
  for (const e of events) {
    if (e.patrolId !== patrolId || e.type !== 'checklist_item' || e.itemId !== itemId) {
      continue;
    }
    if (
      latest === null ||
      e.recordedAt > latest.recordedAt ||
      (e.recordedAt === latest.recordedAt && e.id > latest.id)
    ) {
      latest = e;
    }
  }
  return latest;
}

/**
 * Withdraws an item's answer (answered by mistake, e.g. the wrong item): a new result with no outcome
 * and the reason as its note. The item counts as not done again; the withdrawn answer stays in the
 * record. A correction to another outcome is `recordItem` with a note (then required as the reason).
 */
export function withdrawItem(
  patrol: Patrol | null,
  events: readonly PatrolEvent[],
  input: { readonly itemId: string; readonly reason: string },
  author: Author,
): Result<PatrolEvent, VisitRefusal> {
  const open = openPatrol(patrol, events);
  if (!open.ok) {
    return open;
  }
  const answered = latestAnswer(events, open.value.id, input.itemId);
  if (answered === null || answered.outcome === null) {
    return fail('nothing-to-withdraw', `${input.itemId} has no answer to withdraw`);
  }
  const reason = input.reason.trim();
  if (reason.length === 0) {
    return fail('correction-reason-required', `withdrawing ${input.itemId} needs the reason`);
  }
  if (reason.length > patrolNoteMax) {
    return fail('note-too-long', `the reason has ${reason.length} characters, at most ${patrolNoteMax}`);
  }
  return ok({
    ...baseEvent(open.value, author, author.now()),
    type: 'checklist_item',
    itemId: input.itemId,
    outcome: null,
    note: reason,
    supersedesId: answered.id,
  });
}

export function addNote(
  patrol: Patrol | null,
  events: readonly PatrolEvent[],
  note: string,
  photoIds: readonly string[],
  author: Author,
): Result<PatrolEvent, VisitRefusal> {
  const open = openPatrol(patrol, events);
  if (!open.ok) {
    return open;
  }
  if (note.trim().length === 0 && photoIds.length === 0) {
    return fail('empty-note', 'a note needs text or a photo');
  }
  return ok({
    ...baseEvent(open.value, author, author.now()),
    type: 'note',
    note: note.trim() || null,
    photoIds: [...photoIds],
  });
}

/** 签退: closes the visit. Refused without a check-in, twice, or before the check-in time. */
export function checkOut(
  patrol: Patrol | null,
  events: readonly PatrolEvent[],
  input: {
    readonly position: LatLng | null;
    readonly accuracyM: number | null;
    readonly source: VisitFix['source'];
  },
  site: { readonly position: LatLng },
  author: Author,
): Result<PatrolEvent, VisitRefusal> {
  const open = openPatrol(patrol, events);
  if (!open.ok) {
    return open;
  }
  const at = author.now();
  if (at < open.value.checkIn.at) {
    return fail('check-out-before-check-in', 'the device clock is before the check-in time');
  }
  return ok({
    ...baseEvent(open.value, author, at),
    type: 'check_out',
    checkOut: visitFix({ at, site: site.position, ...input }),
  });
}

export type PatrolSummary = {
  readonly patrol: Patrol;
  readonly closed: boolean;
  readonly checkOutAt: number | null;
  /** Time on site, ms (check-in to check-out); null while open. */
  readonly durationMs: number | null;
  readonly failedItems: number;
  readonly notes: readonly PatrolEvent[];
};

export function summarizePatrol(patrol: Patrol, events: readonly PatrolEvent[]): PatrolSummary {
  const own = events.filter((e) => e.patrolId === patrol.id);
  const out = checkOutEvent(own);
  const checkOutAt = out?.checkOut?.at ?? out?.recordedAt ?? null;
  const latest = new Map<string, PatrolEvent>();
  for (const e of [...own].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1))) {
    if (e.type === 'checklist_item' && e.itemId !== null) {
      latest.set(e.itemId, e);
    }
  }
  return {
    patrol,
    closed: out !== null,
    checkOutAt,
    durationMs: checkOutAt === null ? null : Math.max(0, checkOutAt - patrol.checkIn.at),
    failedItems: [...latest.values()].filter((e) => e.outcome === 'fail').length,
    notes: own.filter((e) => e.type === 'note'),
  };
}
