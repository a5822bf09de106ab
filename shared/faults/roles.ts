import type { FaultEventType, PatrolEvent } from '../domain/index';
import type { Role } from '../sync/policy';

/**
 * Events only a supervisor (or an admin) records: assigning a ticket to a crew, and the review of a
 * crew's signature — accepting it (which locks the record) or returning it with a comment. The service
 * refuses them from any other role by name; the screens offer them to these roles only.
 */
export const supervisorFaultEventTypes = [
  'dispatched',
  'sign_off_accepted',
  'sign_off_returned',
] as const satisfies readonly FaultEventType[];

export const supervisorPatrolEventTypes = [
  'sign_off_accepted',
  'sign_off_returned',
] as const satisfies readonly PatrolEvent['type'][];

/** A supervisor's or admin's role: may dispatch and review. */
export function maySupervise(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** May an account of this role record this fault event type (platform verdicts aside)? */
export function mayWriteFaultEventAs(role: Role, type: FaultEventType): boolean {
  return maySupervise(role) || !(supervisorFaultEventTypes as readonly string[]).includes(type);
}

/** May an account of this role record this patrol event type? */
export function mayWritePatrolEventAs(role: Role, type: PatrolEvent['type']): boolean {
  return maySupervise(role) || !(supervisorPatrolEventTypes as readonly string[]).includes(type);
}
