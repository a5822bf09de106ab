import type { FaultEvent, RepairPart } from '#shared/domain/index';
import { nextFaultEvent, type NextEventInput } from '#shared/faults/fault-events';
import { maySupervise } from '#shared/faults/roles';
import { foldFault, type FaultRefusal, type FaultState } from '#shared/faults/state-machine';
import type { Author } from '#shared/patrol/author';
import { ok, type Result } from '#shared/result';
import type { Role } from '#shared/sync/policy';

/** The steps the fault page offers, in the order a ticket goes through them. */
export type WorkflowAction = 'dispatch' | 'accept' | 'start' | 'repair' | 'onsite' | 'sign' | 'review';

/**
 * Which steps the signed-in role may take on this ticket now. The fold decides what may follow; this
 * only chooses which buttons to show (the fold and the service still refuse by name).
 */
export function workflowActions(state: FaultState, role: Role): WorkflowAction[] {
  const actions: WorkflowAction[] = [];
  const beforeRepair =
    state.status === 'open' || state.status === 'in_progress' || state.status === 'reopened';
  if (beforeRepair && maySupervise(role)) {
    actions.push('dispatch');
  }
  if (beforeRepair && state.dispatch !== null && state.dispatch.acceptedAt === null) {
    actions.push('accept');
  }
  if (state.status === 'open' || state.status === 'reopened') {
    actions.push('start');
  }
  if (beforeRepair) {
    actions.push('repair');
  }
  if (state.status === 'repaired' && state.onsiteVerifiedAt === null) {
    actions.push('onsite');
  }
  const signedRepair = state.signOff !== null && state.signOff.repairEventId === state.repairEventId;
  if (
    state.repairEventId !== null &&
    (state.status === 'repaired' || state.status === 'verified') &&
    (!signedRepair || state.signOff?.status === 'returned')
  ) {
    actions.push('sign');
  }
  if (signedRepair && state.signOff?.status === 'signed' && maySupervise(role)) {
    actions.push('review');
  }
  return actions;
}

/** One row of the repair form's parts table, as typed. */
export type PartRow = { readonly part: string; readonly quantity: string; readonly serial: string };

export type PartsProblem = { readonly row: number; readonly problem: 'quantity' | 'part-too-long' };

/**
 * The parts typed into the repair form: blank rows dropped, quantities whole numbers 1–10 000, a
 * serial kept only when typed. A bad row is named by its number (1-based).
 */
export function partsFromRows(
  rows: readonly PartRow[],
  maxPartChars: number,
): { ok: true; parts: RepairPart[] } | { ok: false; problem: PartsProblem } {
  const parts: RepairPart[] = [];
  for (const [i, row] of rows.entries()) {
    const part = row.part.trim();
    if (part.length === 0) {
      continue;
    }
    if (part.length > maxPartChars) {
      return { ok: false, problem: { row: i + 1, problem: 'part-too-long' } };
    }
    const quantity = row.quantity.trim() === '' ? 1 : Number(row.quantity);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) {
      return { ok: false, problem: { row: i + 1, problem: 'quantity' } };
    }
    parts.push({ part, quantity, serial: row.serial.trim() || null });
  }
  return { ok: true, parts };
}

/**
 * Several events of one press, each made against the state the ones before it leave (a repair and
 * its signature: the signature names the repair just made). All or none: the first refusal wins.
 */
export function chainFaultEvents(
  state: FaultState,
  inputs: readonly NextEventInput[],
  author: Author,
): Result<FaultEvent[], FaultRefusal> {
  const made: FaultEvent[] = [];
  let current: FaultState | null = state;
  for (const input of inputs) {
    const named =
      input.type === 'signed' && (input.correctsEventId ?? null) === null
        ? { ...input, correctsEventId: current?.repairEventId ?? null }
        : input;
    const r = nextFaultEvent(current, named, author);
    if (!r.ok) {
      return r;
    }
    made.push(r.value);
    current = foldFault([...state.history, ...made]);
  }
  return ok(made);
}
