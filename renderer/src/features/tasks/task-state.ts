import { newId, type Task, type TaskEvent } from '#shared/domain/index';
import { scheduleTaskId } from '#shared/verdicts/index';

/**
 * A task's status is the platform's to decide; the crew's changes are task events that sync. Until
 * the platform has folded them in, the device shows the status the crew's own newer events lead to.
 */
export type CrewTaskStatus = Task['status'];

const eventStatus: Record<TaskEvent['type'], CrewTaskStatus | null> = {
  accepted: 'accepted',
  started: 'in_progress',
  done: 'done',
  reopened: 'open',
  note: null,
  excused: 'cancelled',
};

export type EffectiveTask = {
  readonly task: Task;
  readonly status: CrewTaskStatus;
  /** Crew events the platform has not folded in yet (newer than the task record). */
  readonly pending: readonly TaskEvent[];
};

export function effectiveTask(task: Task, events: readonly TaskEvent[]): EffectiveTask {
  const pending = events
    .filter((e) => e.taskId === task.id && e.recordedAt > task.updatedAt)
    .sort((a, b) => a.recordedAt - b.recordedAt || a.id.localeCompare(b.id));
  let status = task.status;
  for (const e of pending) {
    status = eventStatus[e.type] ?? status;
  }
  return { task, status, pending };
}

/** What the crew may do next from a status (cancelled is the platform's alone). */
export const nextActions: Record<CrewTaskStatus, readonly ('accepted' | 'started' | 'done' | 'reopened')[]> =
  {
    open: ['accepted', 'started'],
    accepted: ['started', 'done'],
    in_progress: ['done'],
    done: ['reopened'],
    cancelled: [],
  };

export function isActive(status: CrewTaskStatus): boolean {
  return status === 'open' || status === 'accepted' || status === 'in_progress';
}

/** A crew's state change as the event that syncs (the platform folds it into the task). */
export function taskEvent(
  task: Task,
  type: 'accepted' | 'started' | 'done' | 'reopened',
  who: { readonly deviceId: string; readonly operatorId: string },
  now: () => number = Date.now,
): TaskEvent {
  return {
    id: newId(),
    taskId: task.id,
    siteId: task.siteId,
    divisionCode: task.divisionCode,
    type,
    note: null,
    patrolId: null,
    deviceId: who.deviceId,
    operatorId: who.operatorId,
    recordedAt: now(),
    receivedAt: null,
  };
}

/**
 * A crew's excusal of one scheduled visit (免检), with its reason: a task event on the occurrence's
 * task, whose id every machine derives — the service need not have raised the task yet.
 */
export function excusalEvent(
  site: { readonly id: string; readonly divisionCode: string },
  day: string,
  reason: string,
  who: { readonly deviceId: string; readonly operatorId: string },
  now: () => number = Date.now,
): TaskEvent {
  return {
    id: newId(),
    taskId: scheduleTaskId(site.id, day),
    siteId: site.id,
    // Checked as the event is written (writeFieldEvent validates every record).
    divisionCode: site.divisionCode as TaskEvent['divisionCode'],
    type: 'excused',
    note: reason.trim(),
    patrolId: null,
    deviceId: who.deviceId,
    operatorId: who.operatorId,
    recordedAt: now(),
    receivedAt: null,
  };
}
