import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { FaultEvent, PatrolEvent } from '../domain/index';
import { pendingFaultProposals, proposalAnswers } from './fault-proposals';

const patrol = { id: 'pt-1', siteId: 'site-1', divisionCode: '530381' };
const base = {
  ...sampleRecords.patrol_events,
  supersedesId: null,
  signature: null,
  refersToId: null,
} as PatrolEvent;
const answer = (
  id: string,
  itemId: string,
  outcome: PatrolEvent['outcome'],
  at: number,
  extra: Partial<PatrolEvent> = {},
) => ({ ...base, id, itemId, outcome, recordedAt: at, ...extra });
const dismissal = (id: string, itemId: string, note: string, at: number) =>
  ({
    ...base,
    id,
    type: 'fault_proposal_dismissed',
    itemId,
    outcome: null,
    note,
    recordedAt: at,
  }) as PatrolEvent;
const opened = (faultId: string, itemId: string, patrolId = 'pt-1') =>
  ({ ...sampleRecords.fault_events, id: `f-${faultId}`, faultId, patrolId, itemId }) as FaultEvent;

describe('faults proposed by failed checklist items', () => {
  const events = [
    answer('a1', 'seal-intact', 'fail', 1, { note: '铅封断开', photoIds: ['ph-1', 'ph-2'] }),
    answer('a2', 'antenna', 'fail', 2),
    answer('a3', 'solar', 'fail', 3),
    answer('a4', 'solar', 'pass', 4, { supersedesId: 'a3' }),
    answer('a5', 'cabinet', 'pass', 5),
    answer('a6', 'door', 'fail', 6),
  ];

  it('lists each failed item in force with neither a fault nor a dismissal, with its note and photos', () => {
    const pending = pendingFaultProposals(
      patrol,
      [...events, dismissal('d1', 'antenna', '已在上次工单中处理', 7)],
      [opened('fault-9', 'door'), opened('fault-x', 'seal-intact', 'another-patrol')],
    );
    expect(pending).toEqual([
      {
        patrolId: 'pt-1',
        siteId: 'site-1',
        divisionCode: '530381',
        itemId: 'seal-intact',
        answerId: 'a1',
        note: '铅封断开',
        photoIds: ['ph-1', 'ph-2'],
        failedAt: 1,
      },
    ]);
  });

  it('nothing pending once every failed item has a fault or a dismissal; a fault outranks a dismissal', () => {
    const all = [...events, dismissal('d1', 'antenna', '重复', 7), dismissal('d2', 'seal-intact', '误判', 8)];
    const faults = [opened('fault-9', 'door'), opened('fault-10', 'seal-intact')];
    expect(pendingFaultProposals(patrol, all, faults)).toEqual([]);
    const answers = proposalAnswers('pt-1', all, faults);
    expect(answers.get('seal-intact')).toEqual({ kind: 'fault', faultId: 'fault-10' });
    expect(answers.get('antenna')).toEqual({ kind: 'dismissed', reason: '重复', eventId: 'd1' });
  });

  it('the same proposals whatever order the events arrive in', () => {
    const all = [...events, dismissal('d1', 'antenna', '重复', 7)];
    const expected = pendingFaultProposals(patrol, all, []);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (arrived) => {
        expect(pendingFaultProposals(patrol, arrived, [])).toEqual(expected);
      }),
      { numRuns: 50 },
    );
    expect(expected.map((p) => p.itemId)).toEqual(['seal-intact', 'door']);
  });
});
