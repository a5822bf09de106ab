import { z } from 'zod';
import { defineCollection } from '../collection';
import { creditCode, divisionCode, epochMs, recordId } from '../primitives';

export const waterUserKinds = [
  'enterprise',
  'irrigation_district',
  'waterworks',
  'public_institution',
  'other',
] as const;

/** 取用水户: an enterprise, irrigation district or water works that takes water under a permit. */
export const waterUserSchema = z
  .object({
    id: recordId,
    name: z.string().min(1).max(200),
    creditCode: creditCode.nullable(),
    kind: z.enum(waterUserKinds),
    divisionCode: divisionCode,
    address: z.string().max(300).nullable(),
    /** Personal data: encrypted at rest on the device. */
    contactName: z.string().max(100).nullable(),
    contactPhone: z.string().max(40).nullable(),
    updatedAt: epochMs,
  })
  .strict();
export type WaterUser = z.infer<typeof waterUserSchema>;

export const waterUsersCollection = defineCollection({
  name: 'water_users',
  version: 0,
  kind: 'reference',
  schema: waterUserSchema,
  indexes: ['divisionCode', 'name'],
  encrypted: ['contactName', 'contactPhone'],
  description: '取用水户 water users (server-authoritative)',
});
