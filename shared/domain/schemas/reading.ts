import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, provenance, recordId } from '../primitives';

export const readingSources = ['manual', 'diagnostic'] as const;

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
    note: z.string().max(1000).nullable(),
    ...provenance,
  })
  .strict();
export type Reading = z.infer<typeof readingSchema>;

export const readingsCollection = defineCollection({
  name: 'readings',
  version: 1,
  kind: 'event',
  schema: readingSchema,
  indexes: ['siteId', 'divisionCode', ['siteId', 'takenAt']],
  encrypted: [],
  description: '读数 readings taken at sites (append-only)',
});
