// FROZEN once released, like the up steps: each down step undoes one version bump for an app that
// still stores the older version, and never imports live domain code.
import type { CollectionName } from '../collections';

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
  },
  // A withdrawal record has no v0 form: a v0 app would count it as a reading.
  readings: { 1: (doc) => (doc['withdrawn'] === true ? null : without(doc, 'withdrawn')) },
  fault_events: { 1: (doc) => (doc['type'] === 'withdrawn' ? null : { ...doc }) },
  // A v0 app judges answers by item and time; the link to the corrected answer is the only addition.
  patrol_events: { 1: (doc) => without(doc, 'supersedesId') },
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
