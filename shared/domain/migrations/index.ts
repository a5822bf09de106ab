import type { CollectionName } from '../collections';
import { migrateDiagnosticSessionV0ToV1 } from './diagnostic-sessions-v1';
import { migrateDiagnosticSessionV1ToV2 } from './diagnostic-sessions-v2';
import { migrateDiagnosticSessionV2ToV3 } from './diagnostic-sessions-v3';
import { migrateFaultEventV0ToV1 } from './fault-events-v1';
import { migrateFaultEventV1ToV2 } from './fault-events-v2';
import { migratePatrolEventV0ToV1 } from './patrol-events-v1';
import { migratePatrolEventV1ToV2 } from './patrol-events-v2';
import { migratePatrolEventV2ToV3 } from './patrol-events-v3';
import { migrateReadingV0ToV1 } from './readings-v1';
import { migrateReadingV1ToV2 } from './readings-v2';
import { migrateSiteV0ToV1 } from './sites-v1';
import { migrateSiteV1ToV2 } from './sites-v2';
import { migrateSiteV2ToV3 } from './sites-v3';
import { migrateTaskEventV0ToV1, migrateTaskV0ToV1 } from './tasks-v1';

/** One step: a document of version N-1 in, the same document at version N out (null drops it). */
export type MigrationStep = (oldDoc: Record<string, unknown>) => Record<string, unknown> | null;

/**
 * Every schema version bump, by collection and target version. Each step is a frozen module in this
 * folder with a test on a fixture document of the previous version. The device database hands these
 * to RxDB (`migrationStrategies`); the sync service can run the same steps on stored documents.
 */
export const migrationSteps: { readonly [N in CollectionName]?: Readonly<Record<number, MigrationStep>> } = {
  sites: { 1: migrateSiteV0ToV1, 2: migrateSiteV1ToV2, 3: migrateSiteV2ToV3 },
  diagnostic_sessions: {
    1: migrateDiagnosticSessionV0ToV1,
    2: migrateDiagnosticSessionV1ToV2,
    3: migrateDiagnosticSessionV2ToV3,
  },
  readings: { 1: migrateReadingV0ToV1, 2: migrateReadingV1ToV2 },
  patrol_events: {
    1: migratePatrolEventV0ToV1,
    2: migratePatrolEventV1ToV2,
    3: migratePatrolEventV2ToV3,
  },
  fault_events: { 1: migrateFaultEventV0ToV1, 2: migrateFaultEventV1ToV2 },
  tasks: { 1: migrateTaskV0ToV1 },
  task_events: { 1: migrateTaskEventV0ToV1 },
};

/** The steps for one collection, in RxDB's `migrationStrategies` shape (empty for version 0). */
export function migrationStrategiesFor(name: CollectionName): Record<number, MigrationStep> {
  return { ...(migrationSteps[name] ?? {}) };
}

/** Runs a document of `fromVersion` through every step up to `toVersion` (for the sync service). */
export function migrateDocument(
  name: CollectionName,
  doc: Record<string, unknown>,
  fromVersion: number,
  toVersion: number,
): Record<string, unknown> | null {
  let current: Record<string, unknown> | null = doc;
  for (let v = fromVersion + 1; v <= toVersion && current !== null; v += 1) {
    const step = migrationSteps[name]?.[v];
    if (step === undefined) {
      throw new Error(`${name}: no migration step to version ${v}`);
    }
    current = step(current);
  }
  return current;
}
