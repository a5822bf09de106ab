import type { Correction, Site } from '../domain/index';
import type { CorrectionDraft } from './findings';

export type CorrectionProvenance = {
  readonly id: string;
  readonly deviceId: string;
  readonly operatorId: string;
  readonly recordedAt: number;
  readonly patrolId?: string | null;
};

/**
 * The Correction record a crew proposes from a suggestion (after filling in the value where the
 * suggestion needs one). The result still goes through the validated write path.
 */
export function correctionFromDraft(
  draft: CorrectionDraft,
  site: Pick<Site, 'id' | 'divisionCode'>,
  provenance: CorrectionProvenance,
  proposedValueJson: string = draft.proposedValueJson,
): Correction {
  return {
    id: provenance.id,
    siteId: site.id,
    divisionCode: site.divisionCode,
    targetCollection: draft.targetCollection,
    targetId: draft.targetId,
    field: draft.field,
    currentValueJson: draft.currentValueJson,
    proposedValueJson,
    reason: draft.reason,
    findingCode: draft.findingCode,
    patrolId: provenance.patrolId ?? null,
    status: 'pending',
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    deviceId: provenance.deviceId,
    operatorId: provenance.operatorId,
    recordedAt: provenance.recordedAt,
    receivedAt: null,
  };
}
