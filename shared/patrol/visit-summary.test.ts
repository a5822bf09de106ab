import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { FaultEvent, Patrol, PatrolEvent, PhotoMeta, Reading } from '../domain/index';
import { parseChecklistConfig } from './checklist';
import { summarizeVisit } from './visit-summary';

const config = parseChecklistConfig(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/checklists/intake.json'), 'utf8')),
);
if (!config.ok) {
  throw new Error(config.error.message);
}
const patrol = { ...(sampleRecords.patrols as unknown as Patrol), id: 'pt-1', receivedAt: 1 };
const event = (id: string, itemId: string, outcome: PatrolEvent['outcome'], at: number): PatrolEvent => ({
  ...(sampleRecords.patrol_events as unknown as PatrolEvent),
  id,
  patrolId: 'pt-1',
  type: 'checklist_item',
  itemId,
  outcome,
  recordedAt: at,
  receivedAt: null,
});
const reading = (id: string, supersedesId: string | null, receivedAt: number | null): Reading => ({
  ...(sampleRecords.readings as unknown as Reading),
  id,
  patrolId: 'pt-1',
  supersedesId,
  receivedAt,
});

describe('summarizeVisit', () => {
  it('counts what the visit did and what the service has not acknowledged', () => {
    const summary = summarizeVisit({
      patrol,
      checklist: config.value,
      events: [
        event('e1', 'seal-intact', 'pass', 1),
        event('e2', 'rtu-clock', 'fail', 2),
        event('e3', 'rtu-clock', 'pass', 3),
        event('e4', 'power-battery', 'fail', 4),
        { ...event('e5', 'seal-intact', 'pass', 5), patrolId: 'other' },
      ],
      readings: [
        reading('r1', null, 10),
        reading('r2', 'r1', null),
        { ...reading('r3', null, null), patrolId: 'x' },
      ],
      photos: [
        { ...(sampleRecords.photos as unknown as PhotoMeta), id: 'p1', patrolId: 'pt-1', receivedAt: null },
      ],
      faultEvents: [
        {
          ...(sampleRecords.fault_events as unknown as FaultEvent),
          id: 'f1',
          faultId: 'F',
          patrolId: 'pt-1',
          type: 'opened',
          receivedAt: null,
        },
        {
          ...(sampleRecords.fault_events as unknown as FaultEvent),
          id: 'f2',
          faultId: 'F',
          patrolId: null,
          type: 'in_progress',
          receivedAt: null,
        },
      ],
    });
    expect(summary).toMatchObject({
      itemsDone: 3,
      itemsTotal: 6,
      itemsFailed: 1,
      readings: 1,
      readingsCorrected: 1,
      photos: 1,
      faultsOpened: 1,
      unsynced: { total: 8, patrol: 0, events: 4, readings: 1, photos: 1, faultEvents: 2 },
    });
  });
});
