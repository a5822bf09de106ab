import type {
  DivisionCode,
  FaultAssignee,
  FaultCategory,
  FaultEvent,
  FaultEventType,
  RepairPart,
} from '../domain/index';
import { fail, ok, type Result } from '../result';
import { provenanceOf, type Author } from '../patrol/author';
import { refuseEvent, type FaultRefusal, type FaultState } from './state-machine';

function blank(author: Author, at: number) {
  return {
    id: author.newId(),
    category: null,
    severity: null,
    description: null,
    patrolId: null,
    taskId: null,
    diagnosticSessionIds: [],
    photoIds: [],
    actions: null,
    partsReplaced: [],
    backfillFrom: null,
    backfillTo: null,
    correctsEventId: null,
    parts: [],
    itemId: null,
    assignee: null,
    dueAt: null,
    skipReason: null,
    signature: null,
    ...provenanceOf(author, at),
  } satisfies Partial<FaultEvent>;
}

export type OpenFaultInput = {
  readonly siteId: string;
  readonly divisionCode: DivisionCode;
  readonly category: FaultCategory;
  readonly severity: NonNullable<FaultEvent['severity']>;
  readonly description: string;
  readonly patrolId?: string | null;
  /** The failed checklist item of that patrol that proposed this fault. */
  readonly itemId?: string | null;
  readonly taskId?: string | null;
  readonly diagnosticSessionIds?: readonly string[];
  readonly photoIds?: readonly string[];
};

/** Opens a ticket (from a patrol, a diagnostic verdict or a task). The fault id is new. */
export function openFault(input: OpenFaultInput, author: Author): Result<FaultEvent, 'description-required'> {
  const description = input.description.trim();
  if (description.length === 0) {
    return fail('description-required', 'a fault needs a description');
  }
  return ok({
    ...blank(author, author.now()),
    faultId: author.newId(),
    siteId: input.siteId,
    divisionCode: input.divisionCode,
    type: 'opened',
    category: input.category,
    severity: input.severity,
    description,
    patrolId: input.patrolId ?? null,
    itemId: input.itemId ?? null,
    taskId: input.taskId ?? null,
    diagnosticSessionIds: [...(input.diagnosticSessionIds ?? [])],
    photoIds: [...(input.photoIds ?? [])],
  });
}

export type NextEventInput = {
  readonly type: Exclude<FaultEventType, 'opened'>;
  readonly description?: string | null;
  readonly actions?: string | null;
  readonly partsReplaced?: readonly string[];
  /** The parts fitted (v2): each with its quantity and serial; their names also fill `partsReplaced`. */
  readonly parts?: readonly RepairPart[];
  readonly skipReason?: string | null;
  readonly assignee?: FaultAssignee | null;
  readonly dueAt?: number | null;
  readonly signature?: string | null;
  readonly backfillFrom?: number | null;
  readonly backfillTo?: number | null;
  readonly correctsEventId?: string | null;
  readonly category?: FaultCategory | null;
  readonly severity?: FaultEvent['severity'];
  readonly photoIds?: readonly string[];
  readonly diagnosticSessionIds?: readonly string[];
  readonly patrolId?: string | null;
};

/**
 * The next event of a ticket, refused (with the state machine's named reason) when it cannot follow
 * the current state — e.g. `verified-before-repaired`. Nothing already saved changes either way.
 */
export function nextFaultEvent(
  state: FaultState | null,
  input: NextEventInput,
  author: Author,
): Result<FaultEvent, FaultRefusal> {
  if (state === null) {
    return fail('not-opened', 'the fault was never opened');
  }
  const parts = (input.parts ?? [])
    .map((p) => ({ part: p.part.trim(), quantity: p.quantity, serial: p.serial?.trim() || null }))
    .filter((p) => p.part.length > 0);
  const names = (input.partsReplaced ?? parts.map((p) => p.part))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const event: FaultEvent = {
    ...blank(author, author.now()),
    faultId: state.faultId,
    siteId: state.siteId,
    divisionCode: state.divisionCode as DivisionCode,
    type: input.type,
    category: input.category ?? null,
    severity: input.severity ?? null,
    description: input.description?.trim() || null,
    patrolId: input.patrolId ?? null,
    actions: input.actions?.trim() || null,
    partsReplaced: names,
    parts: input.parts === undefined ? names.map((part) => ({ part, quantity: 1, serial: null })) : parts,
    skipReason: input.skipReason?.trim() || null,
    assignee: input.assignee ?? null,
    dueAt: input.dueAt ?? null,
    signature: input.signature ?? null,
    backfillFrom: input.backfillFrom ?? null,
    backfillTo: input.backfillTo ?? null,
    correctsEventId: input.correctsEventId ?? null,
    photoIds: [...(input.photoIds ?? [])],
    diagnosticSessionIds: [...(input.diagnosticSessionIds ?? [])],
  };
  const refusal = refuseEvent(state, event);
  return refusal === null
    ? ok(event)
    : fail(refusal, `${input.type} cannot follow ${state.status}: ${refusal}`);
}
