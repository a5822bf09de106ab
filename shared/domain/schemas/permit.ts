import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, isoDay, recordId } from '../primitives';

export const waterSourceKinds = ['surface', 'groundwater', 'other'] as const;

/** 取水许可证: the permit under which a water user takes water from a source. */
export const permitSchema = z
  .object({
    id: recordId,
    /** 取水许可证编号 */
    number: z.string().min(1).max(60),
    holderId: z.string().min(1).max(64),
    holderName: z.string().min(1).max(200),
    waterSource: z.string().min(1).max(200),
    waterSourceKind: z.enum(waterSourceKinds),
    /** Annual permitted quantity, m³. */
    annualQuantityM3: z.number().min(0).max(1e12),
    validFrom: isoDay,
    validTo: isoDay,
    divisionCode: divisionCode,
    updatedAt: epochMs,
  })
  .strict();
export type Permit = z.infer<typeof permitSchema>;

export const permitsCollection = defineCollection({
  name: 'permits',
  version: 0,
  kind: 'reference',
  schema: permitSchema,
  indexes: ['divisionCode', 'holderId', 'number'],
  encrypted: [],
  description: '取水许可证 water-intake permits (server-authoritative)',
});
