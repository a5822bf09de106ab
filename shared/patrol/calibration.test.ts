import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import { collections, validateRecord, type Patrol, type PatrolEvent } from '../domain/index';
import { dayStart } from '../health/days';
import { calibrationEntriesOf } from '../verdicts/calibration';
import { recordCalibration, type CalibrationInput } from './calibration';
import { testAuthor } from './test-author';

const patrol = sampleRecords.patrols as unknown as Patrol;
const instruments = [
  { id: 'eq-1', siteId: 'site-1' },
  { id: 'eq-far', siteId: 'site-2' },
];
const input: CalibrationInput = {
  equipmentId: 'eq-1',
  kind: 'verification',
  calibratedOn: '2026-11-20',
  certificateNo: ' JD2026-0317 ',
  institution: '云南省计量测试技术研究院',
  intervalMonths: null,
  result: 'pass',
  note: '',
  photoIds: ['ph-cert'],
  supersedesId: null,
};
// 2026-12-01 09:00 in Shanghai.
const author = () => testAuthor(dayStart('2026-12-01') + 9 * 3_600_000);

describe('recording a certificate on a visit', () => {
  it('makes a valid calibration event with the certificate and its photo', () => {
    const r = recordCalibration(patrol, [], instruments, input, author());
    expect(r.ok).toBe(true);
    const event = r.ok ? r.value : null;
    expect(event).toMatchObject({
      type: 'calibration',
      patrolId: patrol.id,
      siteId: 'site-1',
      photoIds: ['ph-cert'],
      note: null,
      calibration: { equipmentId: 'eq-1', certificateNo: 'JD2026-0317', result: 'pass' },
    });
    expect(validateRecord(collections.patrol_events, event).ok).toBe(true);
  });

  const refusals: [string, Partial<CalibrationInput>, string][] = [
    ['an instrument of another site', { equipmentId: 'eq-far' }, 'unknown-instrument'],
    ['no certificate number', { certificateNo: '  ' }, 'certificate-required'],
    ['no institution', { institution: '' }, 'institution-required'],
    ['a test day after today', { calibratedOn: '2026-12-02' }, 'future-day'],
    ['an impossible day', { calibratedOn: '2026-02-30x' }, 'invalid-certificate'],
    ['an interval of 0 months', { intervalMonths: 0 }, 'invalid-certificate'],
    ['a correction of nothing', { supersedesId: 'pe-none' }, 'nothing-to-correct'],
  ];
  it.each(refusals)('refuses %s by name', (_name, change, code) => {
    const r = recordCalibration(patrol, [], instruments, { ...input, ...change }, author());
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('refuses without a check-in and after check-out; a correction replaces the certificate it names', () => {
    expect(recordCalibration(null, [], instruments, input, author()).ok).toBe(false);
    const crew = author();
    const first = recordCalibration(patrol, [], instruments, { ...input, calibratedOn: '2026-11-02' }, crew);
    const events = first.ok ? [first.value] : [];
    const fixed = recordCalibration(
      patrol,
      events,
      instruments,
      { ...input, supersedesId: events[0]!.id },
      crew,
    );
    expect(fixed.ok).toBe(true);
    const all = [...events, ...(fixed.ok ? [fixed.value] : [])];
    expect(calibrationEntriesOf(all).map((e) => e.record.calibratedOn)).toEqual(['2026-11-20']);
    const out = { ...events[0]!, id: 'pe-out', type: 'check_out', calibration: null } as PatrolEvent;
    const closed = recordCalibration(patrol, [out], instruments, input, author());
    expect(closed.ok ? null : closed.error.code).toBe('already-checked-out');
  });
});
