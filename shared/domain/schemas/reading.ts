import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, provenance, recordId } from '../primitives';

export const readingSources = ['manual', 'diagnostic'] as const;

/** What a swap replaces: the meter (计量设施) or the RTU (遥测终端) whose counter the platform receives. */
export const swapRoles = ['meter', 'rtu'] as const;

/**
 * 换表 (v2): the reading is the new instrument's initial cumulative reading (`value`, in the record's
 * element and unit), taken when it was fitted (`takenAt`); this holds the old one's final reading, both
 * photos, and what the registry is asked to change.
 */
export const counterSwapSchema = z
  .object({
    role: z.enum(swapRoles),
    /** The registry's equipment taken out (null: the registry lists none). */
    oldEquipmentId: z.string().max(64).nullable(),
    oldSerial: z.string().max(100).nullable(),
    /** The old instrument's last cumulative reading, same element and unit as `value`. */
    oldFinal: z.number(),
    oldFinalPhotoId: z.string().min(1).max(64),
    newSerial: z.string().min(1).max(100),
    newModel: z.string().max(100).nullable(),
    newInitialPhotoId: z.string().min(1).max(64),
    /** The repair during which the swap was made, if any. */
    faultId: z.string().max(64).nullable(),
    /** The correction proposing the registry change (serial, model, installed on). */
    correctionId: z.string().max(64).nullable(),
  })
  .strict();

/** A value read at the site: typed in from the meter display, or taken from a diagnostic session. */
export const readingSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    patrolId: z.string().max(64).nullable(),
    equipmentId: z.string().max(64).nullable(),
    /** Element code, e.g. `volume` (cumulative m³), `flow` (m³/h), `level` (m), `cod` (mg/L). */
    element: z.string().min(1).max(40),
    value: z.number(),
    unit: z.string().min(1).max(20),
    source: z.enum(readingSources),
    diagnosticSessionId: z.string().max(64).nullable(),
    takenAt: epochMs,
    /** A correction of an earlier reading names it here; the earlier one stays. */
    supersedesId: z.string().max(64).nullable(),
    /**
     * A withdrawal (v1): this record takes back the reading named in `supersedesId` — read by mistake,
     * wrong meter — with the reason in `note`; its value repeats the withdrawn one and counts nowhere.
     * Absent on readings saved before v1 (the service may still hold such documents).
     */
    withdrawn: z.boolean().optional(),
    /**
     * A meter or RTU swap (v2): this reading is the new instrument's initial reading. Null on other
     * readings; absent on readings saved before v2.
     */
    swap: counterSwapSchema.nullable().optional(),
    note: z.string().max(1000).nullable(),
    ...provenance,
  })
  .strict();
export type Reading = z.infer<typeof readingSchema>;

export const readingsCollection = defineCollection({
  name: 'readings',
  version: 2,
  kind: 'event',
  schema: readingSchema,
  indexes: ['siteId', 'divisionCode', ['siteId', 'takenAt']],
  encrypted: [],
  description: '读数 readings taken at sites (append-only)',
});
