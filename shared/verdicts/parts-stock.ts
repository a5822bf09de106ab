import { z } from 'zod';
import { faultAssigneeSchema, type FaultEvent, type RepairPart } from '../domain/index';
import { foldFaults, partsOf, type FaultState } from '../faults/state-machine';

/**
 * Spare parts issued to a crew (备品备件领用), kept in the province policy. Why there: the device
 * database has no room for another collection; issuing stock is the platform's act (the store keeper
 * at the service, never a laptop), the policy is province data the service owns, versions and hands
 * to every laptop when it syncs — so a laptop offline counts its crew's stock with the same figures as
 * the service. Each issue is one line with its own id; a return to the store is a negative quantity.
 */
export const partsIssueSchema = z
  .object({
    id: z.string().min(1).max(64),
    /** The crew it was issued to: an account, or a crew as a scope (division code prefix). */
    crew: faultAssigneeSchema.pick({ kind: true, id: true }).strict(),
    part: z.string().trim().min(1).max(200),
    quantity: z
      .number()
      .int()
      .min(-10_000)
      .max(10_000)
      .refine((n) => n !== 0, 'a quantity of 0 issues nothing'),
    issuedAt: z.number().int().min(0),
    note: z.string().max(500).nullable(),
  })
  .strict();
export type PartsIssue = z.infer<typeof partsIssueSchema>;
export const partsIssuesSchema = z.array(partsIssueSchema).max(5000);

export type CrewKey = { readonly kind: 'account' | 'crew_scope'; readonly id: string };

export type PartStock = {
  readonly part: string;
  readonly issued: number;
  readonly used: number;
  /** issued − used; below zero the crew fitted more than it was issued (`overdrawn`). */
  readonly onHand: number;
  readonly overdrawn: boolean;
};

export type CrewStock = { readonly crew: CrewKey; readonly parts: readonly PartStock[] };

/**
 * The crew a repair's parts came from: the crew the ticket was dispatched to when it was, else the
 * account that recorded the repair.
 */
export function crewOfRepair(state: FaultState, repair: FaultEvent): CrewKey {
  return state.dispatch === null
    ? { kind: 'account', id: repair.operatorId }
    : { kind: state.dispatch.assignee.kind, id: state.dispatch.assignee.id };
}

/** Each applied repair's parts, as last corrected (a correction naming the repair replaces its list). */
function repairsWithParts(state: FaultState): { repair: FaultEvent; parts: readonly RepairPart[] }[] {
  return state.history
    .filter((e) => e.type === 'repaired')
    .map((repair) => {
      const corrections = state.history.filter(
        (e) =>
          e.type === 'corrected' &&
          e.correctsEventId === repair.id &&
          (e.partsReplaced.length > 0 || (e.parts ?? []).length > 0),
      );
      const last = corrections.at(-1);
      return { repair, parts: partsOf(last ?? repair) };
    });
}

const keyOf = (c: CrewKey) => `${c.kind}:${c.id}`;

/**
 * Stock per crew and part: what was issued to the crew minus what its repairs fitted (withdrawn
 * repairs do not count: the fold leaves them out). The same figures whatever order the events came in.
 */
export function partsStock(issues: readonly PartsIssue[], faultEvents: readonly FaultEvent[]): CrewStock[] {
  type Line = { issued: number; used: number };
  const table = new Map<string, { crew: CrewKey; parts: Map<string, Line> }>();
  const row = (crew: CrewKey, part: string): Line => {
    const entry = table.get(keyOf(crew)) ?? { crew, parts: new Map<string, Line>() };
    table.set(keyOf(crew), entry);
    const line = entry.parts.get(part) ?? { issued: 0, used: 0 };
    entry.parts.set(part, line);
    return line;
  };
  for (const issue of new Map(issues.map((i) => [i.id, i])).values()) {
    row({ kind: issue.crew.kind, id: issue.crew.id }, issue.part.trim()).issued += issue.quantity;
  }
  for (const state of foldFaults(faultEvents)) {
    for (const { repair, parts } of repairsWithParts(state)) {
      for (const p of parts) {
        row(crewOfRepair(state, repair), p.part.trim()).used += p.quantity;
      }
    }
  }
  return [...table.values()]
    .map(({ crew, parts }) => ({
      crew,
      parts: [...parts.entries()]
        .map(([part, { issued, used }]) => ({
          part,
          issued,
          used,
          onHand: issued - used,
          overdrawn: issued - used < 0,
        }))
        .sort((a, b) => a.part.localeCompare(b.part, 'zh-CN')),
    }))
    .sort((a, b) => keyOf(a.crew).localeCompare(keyOf(b.crew)));
}

/** One crew's stock (empty when nothing was issued to it or used by it). */
export function stockOfCrew(stock: readonly CrewStock[], crew: CrewKey): readonly PartStock[] {
  return stock.find((s) => keyOf(s.crew) === keyOf(crew))?.parts ?? [];
}
