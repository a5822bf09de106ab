import type { Patrol, PatrolEvent, Site } from '#shared/domain/index';
import { summarizePatrol, type PatrolSummary } from '#shared/patrol/visit';

export type PatrolRow = PatrolSummary & { readonly site: Site | undefined };

/** Patrols joined with their events and sites, newest first. */
export function patrolRows(
  patrols: readonly Patrol[],
  events: readonly PatrolEvent[],
  sites: readonly Site[],
): PatrolRow[] {
  const byPatrol = new Map<string, PatrolEvent[]>();
  for (const e of events) {
    byPatrol.set(e.patrolId, [...(byPatrol.get(e.patrolId) ?? []), e]);
  }
  const siteById = new Map(sites.map((s) => [s.id, s]));
  return patrols
    .map((p) => ({ ...summarizePatrol(p, byPatrol.get(p.id) ?? []), site: siteById.get(p.siteId) }))
    .sort((a, b) => b.patrol.checkIn.at - a.patrol.checkIn.at);
}
