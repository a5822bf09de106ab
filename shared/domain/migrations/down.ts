// FROZEN once released, like the up steps: each down step undoes one version bump for an app that
// still stores the older version, and never imports live domain code.
import type { CollectionName } from '../collections';
import { diagnosticSessionV3Down } from './diagnostic-sessions-v3-down';

/**
 * One step down: a document of version N in, the same document as version N-1 stores it out — or
 * null when version N-1 cannot hold it honestly (a withdrawal shown as a plain value would be a lie).
 */
export type DownStep = (doc: Record<string, unknown>) => Record<string, unknown> | null;

function without(doc: Record<string, unknown>, ...fields: string[]): Record<string, unknown> {
  const copy = { ...doc };
  for (const field of fields) {
    delete copy[field];
  }
  return copy;
}

/** Items of an array field with some of their fields removed (a nested field added by a bump). */
function itemsWithout(value: unknown, ...fields: string[]): unknown {
  return Array.isArray(value)
    ? value.map((item: unknown) =>
        typeof item === 'object' && item !== null
          ? without(item as Record<string, unknown>, ...fields)
          : item,
      )
    : value;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What a v1 app is told of a v2-only fault event: a comment saying what happened (its text in zh-CN). */
const faultV2Notes: Readonly<Record<string, string>> = {
  dispatched: '派工',
  accepted: '已接单',
  onsite_verified: '现场确认数据已发出',
  signed: '已签字',
  sign_off_accepted: '签字审核通过',
  sign_off_returned: '签字被退回',
};

/**
 * fault_events v2 → v1: a v1 app has no dispatch, acceptance, on-site verification or sign-off — it
 * reads each as a comment saying so (the ticket's state is unchanged for it). A repair's structured
 * parts go back into the part names v1 shows, with their quantity and serial in the text.
 */
function faultEventV2Down(doc: Record<string, unknown>): Record<string, unknown> {
  const base = without(doc, 'parts', 'itemId', 'assignee', 'dueAt', 'skipReason', 'signature');
  const note = faultV2Notes[text(doc['type'])];
  if (note !== undefined) {
    const detail = text(doc['description']);
    return {
      ...base,
      type: 'comment',
      description: (detail.length > 0 ? `${note}：${detail}` : note).slice(0, 4000),
    };
  }
  const parts = Array.isArray(doc['parts']) ? (doc['parts'] as Record<string, unknown>[]) : null;
  if (parts === null || parts.length === 0) {
    return base;
  }
  return {
    ...base,
    partsReplaced: parts.map((p) => {
      const quantity = typeof p['quantity'] === 'number' && p['quantity'] > 1 ? ` ×${p['quantity']}` : '';
      const serial = text(p['serial']).length > 0 ? ` (${text(p['serial'])})` : '';
      return `${text(p['part'])}${quantity}${serial}`.slice(0, 200);
    }),
  };
}

/**
 * readings v2 → v1: a v1 app has no swap; it reads the new instrument's initial reading as a reading,
 * with a note naming the old instrument's final reading and both serials (in zh-CN).
 */
function readingV2Down(doc: Record<string, unknown>): Record<string, unknown> {
  const base = without(doc, 'swap');
  const swap = doc['swap'];
  if (typeof swap !== 'object' || swap === null) {
    return base;
  }
  const s = swap as Record<string, unknown>;
  const oldFinal = typeof s['oldFinal'] === 'number' ? String(s['oldFinal']) : '';
  const what = s['role'] === 'rtu' ? '更换遥测终端' : '换表';
  const old = text(s['oldSerial']).length > 0 ? `旧 ${text(s['oldSerial'])} ` : '';
  const detail = text(doc['note']);
  const note = `${what}：${old}止码 ${oldFinal}，新 ${text(s['newSerial'])} 起码 ${String(doc['value'])}`;
  return { ...base, note: (detail.length > 0 ? `${note}；${detail}` : note).slice(0, 1000) };
}

/** patrol_events v2 → v1: a v1 app reads a signature, a review or a dismissed proposal as a note. */
const patrolV2Notes: Readonly<Record<string, string>> = {
  signed: '已签字',
  sign_off_accepted: '签字审核通过',
  sign_off_returned: '签字被退回',
  fault_proposal_dismissed: '未开故障',
};

function patrolEventV2Down(doc: Record<string, unknown>): Record<string, unknown> {
  const base = without(doc, 'signature', 'refersToId');
  const note = patrolV2Notes[text(doc['type'])];
  if (note === undefined) {
    return base;
  }
  const detail = text(doc['note']);
  return {
    ...base,
    type: 'note',
    outcome: null,
    note: (detail.length > 0 ? `${note}：${detail}` : note).slice(0, 2000),
  };
}

/**
 * patrol_events v3 → v2: a v2 app has no calibration register — it reads a certificate as a note
 * naming the instrument, kind, day, number, institution, interval and result (the photo stays linked).
 */
function patrolEventV3Down(doc: Record<string, unknown>): Record<string, unknown> {
  const base = without(doc, 'calibration');
  const record = doc['calibration'];
  if (doc['type'] !== 'calibration' || typeof record !== 'object' || record === null) {
    return base;
  }
  const c = record as Record<string, unknown>;
  const interval = typeof c['intervalMonths'] === 'number' ? `，周期 ${c['intervalMonths']} 个月` : '';
  const summary =
    `${c['kind'] === 'verification' ? '检定' : '校准'}：设备 ${text(c['equipmentId'])}，` +
    `${text(c['calibratedOn'])}，证书 ${text(c['certificateNo'])}，${text(c['institution'])}${interval}，` +
    `${c['result'] === 'fail' ? '不合格' : '合格'}`;
  const detail = text(doc['note']);
  return {
    ...base,
    type: 'note',
    outcome: null,
    note: (detail.length > 0 ? `${summary}；${detail}` : summary).slice(0, 2000),
  };
}

/**
 * The step down from each version, by collection: `downSteps.sites[2]` turns a v2 site into a v1 site.
 * Every up step in `migrationSteps` has one here (a test checks), so the sync service can serve an app
 * of any version from the oldest supported one to the current one.
 */
export const downSteps: { readonly [N in CollectionName]?: Readonly<Record<number, DownStep>> } = {
  sites: {
    1: (doc) => without(doc, 'allowedDelayMinutes'),
    2: (doc) => without(doc, 'station'),
    3: (doc) => without(doc, 'instrumentRanges'),
  },
  diagnostic_sessions: {
    1: (doc) => ({
      ...doc,
      verdicts: itemsWithout(doc['verdicts'], 'code', 'params'),
      values: itemsWithout(doc['values'], 'names'),
    }),
    // A v1 app has no place for a polling run; the session's frames still hold every exchange.
    2: (doc) => without(doc, 'pollingRuns'),
    3: diagnosticSessionV3Down,
  },
  // A withdrawal record has no v0 form: a v0 app would count it as a reading.
  readings: {
    1: (doc) => (doc['withdrawn'] === true ? null : without(doc, 'withdrawn')),
    2: readingV2Down,
  },
  fault_events: {
    1: (doc) => (doc['type'] === 'withdrawn' ? null : { ...doc }),
    2: faultEventV2Down,
  },
  // A v0 app judges answers by item and time; the link to the corrected answer is the only addition.
  patrol_events: {
    1: (doc) => without(doc, 'supersedesId'),
    2: patrolEventV2Down,
    3: patrolEventV3Down,
  },
  // A v0 app knows neither reason: both tasks are raised by the platform, which v0 calls `platform`.
  tasks: {
    1: (doc) =>
      doc['reason'] === 'scheduled' || doc['reason'] === 'data_audit'
        ? { ...doc, reason: 'platform' }
        : { ...doc },
  },
  // A v0 app has no excusal: it reads one as a note whose text says so (the task itself says cancelled).
  task_events: {
    1: (doc) =>
      doc['type'] === 'excused'
        ? { ...doc, type: 'note', note: `免检：${typeof doc['note'] === 'string' ? doc['note'] : ''}` }
        : { ...doc },
  },
};

/**
 * Runs a document of `fromVersion` down through every step to `toVersion`. Null when some version on
 * the way cannot hold it; throws when a step is missing (a version this build does not know).
 */
export function migrateDocumentDown(
  name: CollectionName,
  doc: Record<string, unknown>,
  fromVersion: number,
  toVersion: number,
): Record<string, unknown> | null {
  let current: Record<string, unknown> | null = doc;
  for (let v = fromVersion; v > toVersion && current !== null; v -= 1) {
    const step = downSteps[name]?.[v];
    if (step === undefined) {
      throw new Error(`${name}: no migration step down from version ${v}`);
    }
    current = step(current);
  }
  return current;
}
