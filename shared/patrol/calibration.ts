import {
  calibrationRecordSchema,
  type CalibrationRecord,
  type Equipment,
  type Patrol,
  type PatrolEvent,
} from '../domain/index';
import { dayOf } from '../health/days';
import { fail, ok, type Result } from '../result';
import { provenanceOf, type Author } from './author';
import { visitLock } from './visit';

/** Why a certificate is refused; the screen words each from the catalogs. Nothing saved changes. */
export const calibrationRefusals = [
  'not-checked-in',
  'already-checked-out',
  'locked-by-sign-off',
  'unknown-instrument',
  'certificate-required',
  'institution-required',
  'future-day',
  'invalid-certificate',
  'nothing-to-correct',
] as const;
export type CalibrationRefusal = (typeof calibrationRefusals)[number];

export type CalibrationInput = Omit<CalibrationRecord, 'certificateNo' | 'institution'> & {
  readonly certificateNo: string;
  readonly institution: string;
  readonly note: string;
  /** The visit's photos of the certificate. */
  readonly photoIds: readonly string[];
  /** A certificate of the same instrument this one corrects (a mistyped one), or null. */
  readonly supersedesId: string | null;
};

/**
 * 检定/校准: records an instrument's certificate seen on an open visit, as a `calibration` patrol event.
 * The instrument must be one of the visit's site; the test day cannot lie in the future (Asia/Shanghai,
 * device clock); number and institution are required; a correction names a certificate of the same
 * instrument.
 */
export function recordCalibration(
  patrol: Patrol | null,
  events: readonly PatrolEvent[],
  instruments: readonly Pick<Equipment, 'id' | 'siteId'>[],
  input: CalibrationInput,
  author: Author,
): Result<PatrolEvent, CalibrationRefusal> {
  if (patrol === null) {
    return fail('not-checked-in', 'no check-in for this visit');
  }
  const lock = visitLock(patrol, events);
  if (lock === 'signed-off') {
    return fail('locked-by-sign-off', `visit ${patrol.id} was signed off and accepted; it is locked`);
  }
  if (lock === 'checked-out') {
    return fail('already-checked-out', `visit ${patrol.id} was checked out`);
  }
  if (!instruments.some((i) => i.id === input.equipmentId && i.siteId === patrol.siteId)) {
    return fail('unknown-instrument', `instrument ${input.equipmentId} is not at site ${patrol.siteId}`);
  }
  const certificateNo = input.certificateNo.trim();
  const institution = input.institution.trim();
  if (certificateNo.length === 0) {
    return fail('certificate-required', 'a certificate number is required');
  }
  if (institution.length === 0) {
    return fail('institution-required', 'the issuing institution is required');
  }
  const at = author.now();
  if (input.calibratedOn > dayOf(at)) {
    return fail('future-day', `the test day ${input.calibratedOn} is after today (${dayOf(at)})`);
  }
  if (
    input.supersedesId !== null &&
    !events.some(
      (e) =>
        e.id === input.supersedesId &&
        e.type === 'calibration' &&
        e.calibration?.equipmentId === input.equipmentId,
    )
  ) {
    return fail('nothing-to-correct', `no certificate ${input.supersedesId} of ${input.equipmentId}`);
  }
  const record = calibrationRecordSchema.safeParse({
    equipmentId: input.equipmentId,
    kind: input.kind,
    calibratedOn: input.calibratedOn,
    certificateNo,
    institution,
    intervalMonths: input.intervalMonths,
    result: input.result,
  });
  if (!record.success) {
    return fail(
      'invalid-certificate',
      record.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return ok({
    id: author.newId(),
    patrolId: patrol.id,
    siteId: patrol.siteId,
    divisionCode: patrol.divisionCode,
    type: 'calibration',
    itemId: null,
    outcome: null,
    note: input.note.trim() || null,
    photoIds: [...input.photoIds],
    checkOut: null,
    supersedesId: input.supersedesId,
    signature: null,
    refersToId: null,
    calibration: record.data,
    ...provenanceOf(author, at),
  });
}
