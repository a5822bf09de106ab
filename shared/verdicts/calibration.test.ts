import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalibrationRecord, Equipment, PatrolEvent } from '../domain/index';
import { dayStart } from '../health/days';
import {
  addMonths,
  calibrationEntriesOf,
  demoCalibrationPolicy,
  judgeCalibration,
  judgeCalibrations,
  outOfCalibration,
  validThrough,
  type CalibrationPolicy,
} from './calibration';
import { demoPolicy, provincePolicySchema } from './policy';

const hour = 3_600_000;
const at = (day: string, h = 10) => dayStart(day) + h * hour;

type Instrument = Pick<Equipment, 'id' | 'siteId' | 'role' | 'installedOn'>;
const meter: Instrument = { id: 'eq-m', siteId: 's1', role: 'meter', installedOn: null };
const analyser: Instrument = { id: 'eq-a', siteId: 's1', role: 'analyser', installedOn: '2025-06-10' };
const gnss: Instrument = { id: 'eq-g', siteId: 's1', role: 'gnss', installedOn: '2020-01-01' };

let seq = 0;
function certificate(
  equipmentId: string,
  calibratedOn: string,
  extra: Partial<CalibrationRecord> = {},
  event: Partial<PatrolEvent> = {},
): PatrolEvent {
  seq += 1;
  return {
    id: `pe-${String(seq).padStart(4, '0')}`,
    patrolId: 'pt-1',
    siteId: 's1',
    divisionCode: '530381',
    type: 'calibration',
    itemId: null,
    outcome: null,
    note: null,
    photoIds: ['ph-1'],
    checkOut: null,
    supersedesId: null,
    signature: null,
    refersToId: null,
    calibration: {
      equipmentId,
      kind: 'verification',
      calibratedOn,
      certificateNo: `C-${seq}`,
      institution: 'Provincial metrology institute',
      intervalMonths: null,
      result: 'pass',
      ...extra,
    },
    deviceId: 'd1',
    operatorId: 'tech-1',
    recordedAt: at(calibratedOn),
    receivedAt: null,
    ...event,
  } as PatrolEvent;
}

const judge = (i: Instrument, events: PatrolEvent[], now: number, policy = demoCalibrationPolicy) =>
  judgeCalibration(i, calibrationEntriesOf(events), policy, now);

describe('calibration verdict: the table', () => {
  // Meter: 24 months by the demo policy; due-soon window 30 days.
  const cases: [string, PatrolEvent[], Instrument, number, string, string | null, number | null][] = [
    [
      'in force, far from due',
      [certificate('eq-m', '2025-03-01')],
      meter,
      at('2026-12-01'),
      'ok',
      '2027-03-01',
      90,
    ],
    [
      '31 days left is not yet due soon',
      [certificate('eq-m', '2025-03-01')],
      meter,
      at('2027-01-29'),
      'ok',
      '2027-03-01',
      31,
    ],
    [
      '30 days left is due soon',
      [certificate('eq-m', '2025-03-01')],
      meter,
      at('2027-01-30'),
      'due_soon',
      '2027-03-01',
      30,
    ],
    [
      'the last valid day is due soon',
      [certificate('eq-m', '2025-03-01')],
      meter,
      at('2027-02-28', 23),
      'due_soon',
      '2027-03-01',
      1,
    ],
    [
      'the due day itself is overdue (00:00 Shanghai)',
      [certificate('eq-m', '2025-03-01')],
      meter,
      dayStart('2027-03-01'),
      'overdue',
      '2027-03-01',
      0,
    ],
    [
      'a certificate stating 6 months wins over the policy',
      [certificate('eq-m', '2026-01-31', { intervalMonths: 6 })],
      meter,
      at('2026-08-01'),
      'overdue',
      '2026-07-31',
      -1,
    ],
    [
      'a failed test is failed whatever the day',
      [certificate('eq-m', '2026-11-01', { result: 'fail' })],
      meter,
      at('2026-11-02'),
      'failed',
      null,
      null,
    ],
    [
      'no certificate, no installation day: unrecorded',
      [],
      meter,
      at('2026-12-01'),
      'unrecorded',
      null,
      null,
    ],
    [
      'no certificate: judged from installation (analyser, 12 months)',
      [],
      analyser,
      at('2026-06-01'),
      'due_soon',
      '2026-06-10',
      9,
    ],
    ['GNSS needs none', [], gnss, at('2026-12-01'), 'not_required', null, null],
    [
      "another instrument's certificate does not count",
      [certificate('eq-a', '2026-11-01')],
      meter,
      at('2026-12-01'),
      'unrecorded',
      null,
      null,
    ],
  ];
  it.each(cases)('%s', (_name, events, instrument, now, status, nextDue, daysLeft) => {
    const v = judge(instrument, events, now);
    expect(v.status).toBe(status);
    expect(v.nextDue).toBe(nextDue);
    expect(v.daysLeft).toBe(daysLeft);
  });

  it('a later passing certificate clears a failure; the later test day is in force, not the later entry', () => {
    const failed = certificate('eq-m', '2026-10-01', { result: 'fail' });
    const passed = certificate('eq-m', '2026-10-20');
    expect(judge(meter, [failed, passed], at('2026-12-01')).status).toBe('ok');
    // An old certificate typed in afterwards does not replace the newer one.
    const old = certificate('eq-m', '2024-01-01', {}, { recordedAt: at('2026-11-30') });
    const v = judge(meter, [passed, old], at('2026-12-01'));
    expect(v.last?.id).toBe(passed.id);
    expect(v.nextDue).toBe('2028-10-20');
    expect(validThrough(v)).toBe('2028-10-19');
  });

  it('a certificate recorded at another site does not count for the instrument', () => {
    const here = certificate('eq-m', '2026-01-10');
    const elsewhere = certificate('eq-m', '2026-11-20', {}, { siteId: 's2' });
    const v = judge(meter, [here, elsewhere], at('2026-12-01'));
    expect(v.last?.id).toBe(here.id);
    expect(judge(meter, [elsewhere], at('2026-12-01')).status).toBe('unrecorded');
    expect(judgeCalibrations([meter], [elsewhere], demoCalibrationPolicy, at('2026-12-01'))[0]?.status).toBe(
      'unrecorded',
    );
  });

  it('a correction replaces the certificate it names (a mistyped day)', () => {
    const wrong = certificate('eq-m', '2026-10-01');
    const fixed = certificate('eq-m', '2024-10-01', {}, { supersedesId: wrong.id });
    const v = judge(meter, [wrong, fixed], at('2026-12-01'));
    expect(v.last?.id).toBe(fixed.id);
    expect(v.status).toBe('overdue');
    expect(outOfCalibration(v)).toBe(true);
  });

  it('lists the most urgent first', () => {
    const list = judgeCalibrations(
      [gnss, analyser, meter, { ...meter, id: 'eq-m2' }],
      [certificate('eq-m2', '2026-11-15', { result: 'fail' }), certificate('eq-a', '2024-01-01')],
      demoCalibrationPolicy,
      at('2026-12-01'),
    );
    expect(list.map((v) => [v.equipmentId, v.status])).toEqual([
      ['eq-a', 'overdue'],
      ['eq-m2', 'failed'],
      ['eq-m', 'unrecorded'],
      ['eq-g', 'not_required'],
    ]);
  });

  it('months add by the calendar, the 31st falling back to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-12-15', 1)).toBe('2028-01-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-05-10', 24)).toBe('2028-05-10');
  });

  it('lives in the province policy; a policy stored before it reads the demo defaults', () => {
    expect(demoPolicy.calibration).toEqual(demoCalibrationPolicy);
    const { calibration: _omitted, ...older } = demoPolicy;
    expect(provincePolicySchema.parse(older).calibration).toEqual(demoCalibrationPolicy);
    expect(() =>
      provincePolicySchema.parse({
        ...demoPolicy,
        calibration: { ...demoCalibrationPolicy, dueSoonDays: -1 },
      }),
    ).toThrow(/dueSoonDays/);
  });
});

describe('calibration verdict: properties', () => {
  const day = fc
    .integer({ min: 0, max: 3 * 365 })
    .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const record = fc.record({
    day,
    fail: fc.boolean(),
    interval: fc.option(fc.integer({ min: 1, max: 36 }), { nil: null }),
    lag: fc.integer({ min: 0, max: 400 }),
  });
  const policy: fc.Arbitrary<CalibrationPolicy> = fc.record({
    intervalMonths: fc.record({
      meter: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
      analyser: fc.constant(12),
      rtu: fc.constant(12),
      level_sensor: fc.constant(12),
      gnss: fc.constant(null),
    }),
    dueSoonDays: fc.integer({ min: 0, max: 90 }),
  });
  const eventsOf = (records: { day: string; fail: boolean; interval: number | null; lag: number }[]) =>
    records.map((r) =>
      certificate(
        'eq-m',
        r.day,
        { result: r.fail ? 'fail' : 'pass', intervalMonths: r.interval },
        { recordedAt: at(r.day) + r.lag * 86_400_000 },
      ),
    );

  it('the same whatever order the certificates arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 6 }),
        policy,
        day,
        fc.integer(),
        (records, p, today, seed) => {
          const events = eventsOf(records);
          const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
            numRuns: 1,
            seed,
          })[0]!;
          expect(judge(meter, shuffled, at(today), p)).toEqual(judge(meter, events, at(today), p));
        },
      ),
    );
  });

  it('without a new certificate, time only makes it worse: ok → due soon → overdue, never back', () => {
    const order = ['ok', 'due_soon', 'overdue'];
    fc.assert(
      fc.property(fc.array(record, { maxLength: 4 }), policy, day, day, (records, p, d1, d2) => {
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const events = eventsOf(records);
        const a = judge(meter, events, at(early), p);
        const b = judge(meter, events, at(late), p);
        expect(b.nextDue).toBe(a.nextDue);
        if (order.includes(a.status)) {
          expect(order.indexOf(b.status)).toBeGreaterThanOrEqual(order.indexOf(a.status));
        } else {
          expect(b.status).toBe(a.status);
        }
      }),
    );
  });

  it('a passing certificate of a later day never leaves it overdue or failed on that day', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 4 }), day, (records, newest) => {
        const latest = records.reduce((m, r) => (r.day > m ? r.day : m), '2023-12-31');
        const fresh = latest < newest ? newest : addMonths(latest, 0);
        const events = [...eventsOf(records), certificate('eq-m', fresh, { intervalMonths: 12 })];
        const v = judge(meter, events, at(fresh), demoCalibrationPolicy);
        if (fresh > latest) {
          expect(v.status).toBe('ok');
          expect(v.nextDue).toBe(addMonths(fresh, 12));
        } else {
          // A tie on the day: the verdict is still one of the tied certificates'.
          expect(v.last?.record.calibratedOn).toBe(fresh);
        }
      }),
    );
  });
});
