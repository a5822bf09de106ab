import type { Correction, Equipment, Reading, Site } from '../domain/index';
import { dayOf } from '../health/days';
import { fail, ok, type Result } from '../result';
import { swapProblemsOf, type SwapProblem } from '../verdicts/counter-swap';
import type { ProvincePolicy } from '../verdicts/policy';
import { provenanceOf, type Author } from './author';
import { toCanonical } from './readings';

/**
 * 换表 on site: the crew replaces a meter (or the RTU counting its pulses), reads the old one's final
 * cumulative reading and the new one's initial reading, photographs both, and the app saves one swap
 * reading (readings v2) plus the registry changes as correction proposals for the platform to decide:
 * the equipment's serial number, model (when given) and installation day.
 */
export type SwapInput = {
  readonly site: Pick<Site, 'id' | 'divisionCode'>;
  readonly role: 'meter' | 'rtu';
  /** The registry's instrument taken out (null: the registry lists none of that role). */
  readonly oldEquipment: Pick<Equipment, 'id' | 'serialNumber' | 'model' | 'installedOn'> | null;
  /** The counter read (`volume`), in `unit` (converted to the canonical unit). */
  readonly element: string;
  readonly unit: string;
  readonly oldFinal: number;
  readonly newInitial: number;
  readonly newSerial: string;
  readonly newModel: string | null;
  readonly oldFinalPhotoId: string | null;
  readonly newInitialPhotoId: string | null;
  readonly faultId: string | null;
  readonly patrolId: string | null;
  /** Why the instrument was replaced (the proposals' reason). */
  readonly reason: string;
  /** The counter's newest reading before the swap (the platform's last value or the crew's). */
  readonly lastReading: { readonly time: number; readonly value: number } | null;
};

export type SwapRefusal = 'photo-required' | 'serial-required' | 'reason-required' | 'bad-unit' | SwapProblem;

export type BuiltSwap = { readonly reading: Reading; readonly corrections: readonly Correction[] };

/** The swap reading and its proposals, or the first thing wrong with the form. */
export function buildCounterSwap(
  input: SwapInput,
  policy: Pick<ProvincePolicy, 'clockSkewToleranceMinutes'> & {
    readonly audit: { readonly decreaseTolerance: number };
  },
  author: Author,
): Result<BuiltSwap, SwapRefusal> {
  if (input.oldFinalPhotoId === null || input.newInitialPhotoId === null) {
    return fail('photo-required', 'both readings need their photo (old meter final, new meter initial)');
  }
  const newSerial = input.newSerial.trim();
  if (newSerial.length === 0) {
    return fail('serial-required', 'the new instrument’s serial number is required');
  }
  const reason = input.reason.trim();
  if (reason.length === 0) {
    return fail('reason-required', 'a swap needs the reason (what was wrong with the old instrument)');
  }
  const oldFinal = toCanonical(input.element, input.oldFinal, input.unit);
  const newInitial = toCanonical(input.element, input.newInitial, input.unit);
  for (const r of [oldFinal, newInitial]) {
    if (!r.ok) {
      return r.error.code === 'wrong-unit' || r.error.code === 'unknown-element'
        ? fail('bad-unit', r.error.message)
        : fail('initial-not-a-counter', r.error.message);
    }
  }
  if (!oldFinal.ok || !newInitial.ok) {
    return fail('bad-unit', `${input.element} cannot be read in ${input.unit}`);
  }
  const at = author.now();
  const oldSerial = input.oldEquipment?.serialNumber ?? null;
  const problems = swapProblemsOf({
    oldFinal: oldFinal.value.value,
    newInitial: newInitial.value.value,
    oldSerial,
    newSerial,
    at,
    lastReading: input.lastReading,
    decreaseTolerance: policy.audit.decreaseTolerance,
    now: at,
    clockSkewToleranceMinutes: policy.clockSkewToleranceMinutes,
  });
  const problem = problems[0];
  if (problem !== undefined) {
    return fail(problem, `the swap is not plausible: ${problems.join(', ')}`);
  }
  const corrections: Correction[] = [];
  const old = input.oldEquipment;
  if (old !== null) {
    const propose = (
      field: 'serialNumber' | 'model' | 'installedOn',
      current: unknown,
      proposed: unknown,
    ) => {
      if (JSON.stringify(current ?? null) === JSON.stringify(proposed)) {
        return;
      }
      corrections.push({
        id: author.newId(),
        siteId: input.site.id,
        divisionCode: input.site.divisionCode,
        targetCollection: 'equipment',
        targetId: old.id,
        field,
        currentValueJson: JSON.stringify(current ?? null),
        proposedValueJson: JSON.stringify(proposed),
        reason,
        findingCode: input.role === 'rtu' ? 'rtu-swap' : 'meter-swap',
        patrolId: input.patrolId,
        status: 'pending',
        decidedAt: null,
        decidedBy: null,
        decisionNote: null,
        ...provenanceOf(author, at),
      });
    };
    propose('serialNumber', old.serialNumber, newSerial);
    const model = input.newModel?.trim() ?? '';
    if (model.length > 0) {
      propose('model', old.model, model);
    }
    propose('installedOn', old.installedOn, dayOf(at));
  }
  const reading: Reading = {
    id: author.newId(),
    siteId: input.site.id,
    divisionCode: input.site.divisionCode,
    patrolId: input.patrolId,
    equipmentId: old?.id ?? null,
    element: input.element,
    value: newInitial.value.value,
    unit: newInitial.value.unit,
    source: 'manual',
    diagnosticSessionId: null,
    takenAt: at,
    supersedesId: null,
    withdrawn: false,
    note: reason.slice(0, 1000),
    swap: {
      role: input.role,
      oldEquipmentId: old?.id ?? null,
      oldSerial,
      oldFinal: oldFinal.value.value,
      oldFinalPhotoId: input.oldFinalPhotoId,
      newSerial,
      newModel: input.newModel?.trim() || null,
      newInitialPhotoId: input.newInitialPhotoId,
      faultId: input.faultId,
      correctionId: corrections[0]?.id ?? null,
    },
    ...provenanceOf(author, at),
  };
  return ok({ reading, corrections });
}
