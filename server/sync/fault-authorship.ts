import type { FaultEventType, PatrolEvent } from '#shared/domain/index';
import { mayWriteFaultEventAs, mayWritePatrolEventAs } from '#shared/faults/roles';
import type { RowRejection } from '#shared/sync/index';
import { scopedStatement } from '../db/scoped';
import type { Checked, PushContext } from './push-context';

/**
 * The fault event types a device may write. `verified` and `reopened` are the platform's verdicts on a
 * repair (it sees the site's data flowing again after the repair's receipt, or not): only the service's
 * automation writes them, never a laptop. A crew that finds a verified fault failing again opens a new
 * fault (or comments on the old one). A crew's `withdrawn` takes back one of its own kind of events;
 * the fold (shared/faults) refuses one naming an opening or a platform verdict. Dispatch and the review
 * of a signature are a supervisor's (shared/faults/roles): a technician's is refused by name.
 */
export const deviceFaultEventTypes: readonly FaultEventType[] = [
  'opened',
  'in_progress',
  'repaired',
  'backfill_required',
  'backfill_done',
  'comment',
  'corrected',
  'withdrawn',
  'dispatched',
  'accepted',
  'onsite_verified',
  'signed',
  'sign_off_accepted',
  'sign_off_returned',
];

function supervisorsOnly(type: string, role: string, collection: string, id: string): string {
  return `${collection} ${id}: a ${type} event is a supervisor's (派工 and sign-off review); your role ${role} may not write it`;
}

/**
 * Keeps the patrol events of a push the caller's role may write: the review of a crew's signature
 * (accepted or returned) is a supervisor's or an admin's, refused by name from anyone else.
 */
export function reviewerPatrolEvents(
  ctx: PushContext,
  items: readonly Checked[],
  reject: (id: string, code: RowRejection['code'], message: string) => void,
): Checked[] {
  return items.filter((item) => {
    const type = item.record['type'] as PatrolEvent['type'];
    if (mayWritePatrolEventAs(ctx.principal.role, type)) {
      return true;
    }
    reject(item.id, 'forbidden', supervisorsOnly(type, ctx.principal.role, 'patrol_events', item.id));
    return false;
  });
}

type FaultRow = { fault_id: string; inside: boolean; outside: boolean };

/**
 * Keeps the fault events of a push that a device may write, refusing the others row by row: a type
 * only the platform writes, or a fault id that is not a fault of the caller's region. An event other
 * than `opened` must name a fault already opened in the region (or opened in the same batch); an
 * `opened` event must use a fault id no other region holds. A fault id of another region gets the same
 * answer as one that was never used, so a push cannot tell whether it exists.
 */
export async function deviceFaultEvents(
  ctx: PushContext,
  items: readonly Checked[],
  reject: (id: string, code: RowRejection['code'], message: string) => void,
): Promise<Checked[]> {
  const typed = items.filter((item) => {
    const type = item.record['type'] as FaultEventType;
    if (!deviceFaultEventTypes.includes(type)) {
      reject(
        item.id,
        'forbidden',
        `fault_events ${item.id}: a ${type} event is the platform's verdict; only the platform writes it`,
      );
      return false;
    }
    if (!mayWriteFaultEventAs(ctx.principal.role, type)) {
      reject(item.id, 'forbidden', supervisorsOnly(type, ctx.principal.role, 'fault_events', item.id));
      return false;
    }
    return true;
  });
  if (typed.length === 0) {
    return [];
  }
  const faultIds = [...new Set(typed.map((item) => item.record['faultId'] as string))];
  // Read across regions (scope `all`), answering only whether each fault id is held inside the
  // caller's region and whether outside it — never what is outside.
  const { rows } = await scopedStatement<FaultRow>(
    ctx.db,
    'all',
    `select doc ->> 'faultId' as fault_id,
            bool_or(left(division_code, length($2)) = $2) as inside,
            bool_or(left(division_code, length($2)) <> $2) as outside
     from records where collection = 'fault_events' and doc ->> 'faultId' = any($1::text[])
     group by 1`,
    [faultIds, ctx.principal.scope],
  );
  const held = new Map(rows.map((r) => [r.fault_id, r]));
  const openedHere = new Set(
    typed.filter((item) => item.record['type'] === 'opened').map((item) => item.record['faultId'] as string),
  );
  return typed.filter((item) => {
    const faultId = item.record['faultId'] as string;
    const known = held.get(faultId);
    const foreign = known?.outside === true;
    const inRegion = known?.inside === true || openedHere.has(faultId);
    if (!foreign && (item.record['type'] === 'opened' || inRegion)) {
      return true;
    }
    reject(
      item.id,
      'forbidden',
      `fault_events ${item.id}: fault ${faultId} is not a fault of your region; open it first, under a new fault id`,
    );
    return false;
  });
}
