import type { Correction, DivisionCode } from '../domain/index';
import { fail, ok, type Result } from '../result';
import { provenanceOf, type Author } from './author';

/**
 * 基础数据核查: the base-data fields a crew checks on site so that water user, station, point and
 * permit match (户、站、点、证). Each change is proposed as a `Correction` the platform decides.
 */
export const baseDataChecks = [
  { key: 'water-user-name', collection: 'water_users', field: 'name' },
  { key: 'water-user-credit-code', collection: 'water_users', field: 'creditCode' },
  { key: 'permit-number', collection: 'permits', field: 'number' },
  { key: 'permit-holder', collection: 'permits', field: 'holderName' },
  { key: 'site-name', collection: 'sites', field: 'name' },
  { key: 'site-position', collection: 'sites', field: 'position' },
  { key: 'meter-serial', collection: 'equipment', field: 'serialNumber' },
  { key: 'meter-protocol', collection: 'equipment', field: 'protocol' },
  { key: 'serial-settings', collection: 'equipment', field: 'serial' },
  { key: 'rtu-address', collection: 'equipment', field: 'rtuAddress' },
] as const satisfies readonly { key: string; collection: Correction['targetCollection']; field: string }[];
export type BaseDataCheck = (typeof baseDataChecks)[number];

export const correctionRefusals = ['no-change', 'reason-required', 'not-json'] as const;
export type CorrectionRefusal = (typeof correctionRefusals)[number];

export function proposeCorrection(
  input: {
    readonly siteId: string;
    readonly divisionCode: DivisionCode;
    readonly check: BaseDataCheck;
    readonly targetId: string;
    readonly current: unknown;
    /** JSON text of the value seen on site. */
    readonly proposedJson: string;
    readonly reason: string;
    readonly patrolId: string | null;
  },
  author: Author,
): Result<Correction, CorrectionRefusal> {
  let proposed: unknown;
  try {
    proposed = JSON.parse(input.proposedJson);
  } catch {
    return fail('not-json', `${input.check.field}: the proposed value is not JSON`);
  }
  const currentValueJson = JSON.stringify(input.current ?? null);
  const proposedValueJson = JSON.stringify(proposed);
  if (currentValueJson === proposedValueJson) {
    return fail('no-change', `${input.check.field}: the proposed value equals the registry's`);
  }
  const reason = input.reason.trim();
  if (reason.length === 0) {
    return fail('reason-required', 'a correction needs the reason (what was seen on site)');
  }
  const at = author.now();
  return ok({
    id: author.newId(),
    siteId: input.siteId,
    divisionCode: input.divisionCode,
    targetCollection: input.check.collection,
    targetId: input.targetId,
    field: input.check.field,
    currentValueJson,
    proposedValueJson,
    reason,
    findingCode: input.check.key,
    patrolId: input.patrolId,
    status: 'pending',
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    ...provenanceOf(author, at),
  });
}

/** The newest correction per target field (platform decisions come back on the same record). */
export function latestCorrections(corrections: readonly Correction[]): Correction[] {
  const byField = new Map<string, Correction>();
  for (const c of [...corrections].sort((a, b) => a.recordedAt - b.recordedAt)) {
    byField.set(`${c.targetCollection}/${c.targetId}/${c.field}`, c);
  }
  return [...byField.values()].sort((a, b) => b.recordedAt - a.recordedAt);
}
