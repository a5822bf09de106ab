import type { FaultEvent, PatrolEvent } from '../domain/index';
import { checklistResults } from '../patrol/checklist';

/**
 * A failed checklist item proposes a fault (故障建议): pre-filled with the patrol's site, the item's
 * note and photos. The crew confirms it (opens a fault naming the patrol and the item) or dismisses it
 * with a reason (a `fault_proposal_dismissed` patrol event naming the item). A proposal is pending
 * while the item's answer in force is `fail` and neither has happened — the one rule the patrol page
 * and anything else that lists proposals ask.
 */
export type FaultProposal = {
  readonly patrolId: string;
  readonly siteId: string;
  readonly divisionCode: string;
  readonly itemId: string;
  /** The failing answer in force: its note and photos become the fault's description and evidence. */
  readonly answerId: string;
  readonly note: string | null;
  readonly photoIds: readonly string[];
  readonly failedAt: number;
};

export type ProposalAnswer =
  | { readonly kind: 'fault'; readonly faultId: string }
  | { readonly kind: 'dismissed'; readonly reason: string; readonly eventId: string };

/** How each item of the patrol's proposals was answered: a fault opened for it, or a dismissal. */
export function proposalAnswers(
  patrolId: string,
  patrolEvents: readonly PatrolEvent[],
  faultEvents: readonly FaultEvent[],
): ReadonlyMap<string, ProposalAnswer> {
  const answers = new Map<string, ProposalAnswer>();
  for (const e of faultEvents) {
    if (e.type === 'opened' && e.patrolId === patrolId && (e.itemId ?? null) !== null) {
      answers.set(e.itemId as string, { kind: 'fault', faultId: e.faultId });
    }
  }
  const dismissals = patrolEvents
    .filter((e) => e.patrolId === patrolId && e.type === 'fault_proposal_dismissed' && e.itemId !== null)
    .sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1));
  for (const e of dismissals) {
    // A fault opened for the item outranks a dismissal (the crew changed its mind and opened one).
    if (answers.get(e.itemId as string)?.kind !== 'fault') {
      answers.set(e.itemId as string, { kind: 'dismissed', reason: e.note ?? '', eventId: e.id });
    }
  }
  return answers;
}

/** The patrol's pending proposals: failed items with neither a fault nor a dismissal, in item order. */
export function pendingFaultProposals(
  patrol: { readonly id: string; readonly siteId: string; readonly divisionCode: string },
  patrolEvents: readonly PatrolEvent[],
  faultEvents: readonly FaultEvent[],
): FaultProposal[] {
  const own = patrolEvents.filter((e) => e.patrolId === patrol.id);
  const answers = proposalAnswers(patrol.id, own, faultEvents);
  return [...checklistResults(null, own).byItem.values()]
    .filter((r) => r.outcome === 'fail' && !answers.has(r.itemId))
    .map((r) => ({
      patrolId: patrol.id,
      siteId: patrol.siteId,
      divisionCode: patrol.divisionCode,
      itemId: r.itemId,
      answerId: r.id,
      note: r.note,
      photoIds: r.photoIds,
      failedAt: r.recordedAt,
    }))
    .sort((a, b) => a.failedAt - b.failedAt || (a.itemId < b.itemId ? -1 : 1));
}
