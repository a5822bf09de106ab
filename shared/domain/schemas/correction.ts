import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, provenance, recordId } from '../primitives';

export const correctableCollections = ['sites', 'water_users', 'permits', 'equipment'] as const;
export const correctionStatuses = ['pending', 'approved', 'rejected'] as const;

/**
 * 基础数据更正: a crew's proposed change to one field of a base-data record. The platform approves or
 * rejects it (it alone sets `status`, `decidedAt`, `decidedBy`, `decisionNote`).
 */
export const correctionSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    targetCollection: z.enum(correctableCollections),
    targetId: z.string().min(1).max(64),
    field: z.string().min(1).max(80),
    /** JSON text of the value seen in the registry and of the proposed value. */
    currentValueJson: z.string().max(4000),
    proposedValueJson: z.string().max(4000),
    reason: z.string().min(1).max(1000),
    /** The relation-check finding that suggested it, if any. */
    findingCode: z.string().max(80).nullable(),
    patrolId: z.string().max(64).nullable(),
    status: z.enum(correctionStatuses),
    decidedAt: epochMs.nullable(),
    decidedBy: z.string().max(64).nullable(),
    decisionNote: z.string().max(1000).nullable(),
    ...provenance,
  })
  .strict();
export type Correction = z.infer<typeof correctionSchema>;

export const correctionsCollection = defineCollection({
  name: 'corrections',
  version: 0,
  kind: 'event',
  schema: correctionSchema,
  indexes: ['siteId', 'divisionCode', 'status'],
  encrypted: [],
  description: '基础数据更正 proposed base-data corrections (created on the device, decided on the platform)',
});
