import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, isoDay, recordId } from '../primitives';

export const healthWindowDays = 90;
const dayCounts = z.array(z.number().int().min(0).max(1_000_000)).max(healthWindowDays);

/** The last value the platform received for one element (for reconciliation at the meter). */
export const lastValueSchema = z
  .object({
    element: z.string().min(1).max(40),
    value: z.number(),
    unit: z.string().max(20),
    at: epochMs,
  })
  .strict();
export type LastValue = z.infer<typeof lastValueSchema>;

/**
 * 上报记录, compact: one document per site holding the last 90 days as parallel arrays, index 0 =
 * `firstDay`. Per day: expected report slots, slots with at least one valid report, valid element
 * values, and raw reports received (including invalid and duplicate ones).
 */
export const siteHealthSchema = z
  .object({
    /** Equals the site id: one document per site. */
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    firstDay: isoDay,
    expected: dayCounts,
    receivedSlots: dayCounts,
    validValues: dayCounts,
    reports: dayCounts,
    /** Elements configured for the site when counted (for completeness). */
    elementsConfigured: z.number().int().min(0).max(64),
    lastReportAt: epochMs.nullable(),
    lastValues: z.array(lastValueSchema).max(64),
    updatedAt: epochMs,
  })
  .strict();
export type SiteHealth = z.infer<typeof siteHealthSchema>;

export const siteHealthCollection = defineCollection({
  name: 'site_health',
  version: 0,
  kind: 'reference',
  schema: siteHealthSchema,
  indexes: ['divisionCode'],
  encrypted: [],
  description: '站点上报记录 per-site reporting history, last 90 days (server-authoritative)',
});
