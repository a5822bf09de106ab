import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, recordId, siteKinds, wgs84Position } from '../primitives';

export const siteStatuses = ['active', 'suspended', 'decommissioned'] as const;

/** Per-site override of the trial-operation targets (ratios 0–1); absent = the kind's default. */
export const siteTargetsSchema = z
  .object({
    monitoringRate: z.number().min(0).max(1),
    reportingRate: z.number().min(0).max(1),
    stability: z.number().min(0).max(1),
  })
  .strict();

/** The protocols a site's RTU or data logger reports to a centre in (what the service's receiver speaks). */
export const stationProtocols = ['szy206-2016', 'sl427-2021', 'sl651-2014', 'hj212-2017'] as const;

/**
 * Ties a site to the frames of its station: the protocol and the station address as that protocol writes
 * it — SZY206 / SL/T 427 `<division>-<station number>` (e.g. `530381-13`, or SL/T 427 mode 2: 8 hex
 * digits), SL651 遥测站地址 as 10 hex digits, HJ 212 MN. Written canonical by `parseStationAddress`.
 */
export const siteStationSchema = z
  .object({
    protocol: z.enum(stationProtocols),
    address: z.string().min(1).max(24),
  })
  .strict();

/**
 * The measuring range (量程) of the instrument reporting one element at a site, in the element's
 * canonical unit: a value outside it cannot have been measured (the audit's `out_of_range` judges by it
 * instead of the province's plausible range where it is registered).
 */
export const instrumentRangeSchema = z
  .object({
    element: z.string().min(1).max(40),
    min: z.number(),
    max: z.number(),
  })
  .strict();
export type InstrumentRange = z.infer<typeof instrumentRangeSchema>;

/** 监测站/监测点: a monitored site of one of the three kinds. */
export const siteSchema = z
  .object({
    id: recordId,
    /** National site code (测站编码). */
    code: z.string().min(1).max(40),
    name: z.string().min(1).max(200),
    kind: z.enum(siteKinds),
    divisionCode: divisionCode,
    position: wgs84Position,
    waterUserId: z.string().max(64).nullable(),
    permitId: z.string().max(64).nullable(),
    /** Name of the water source or river the site measures. */
    waterSource: z.string().max(200).nullable(),
    /** Expected interval between reports, minutes. */
    reportIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440 * 31),
    /**
     * How late a report may arrive after its slot ends and still count (SZY206 carries it in the
     * frame's Tp). Null: the health configuration's default for the site's kind.
     */
    allowedDelayMinutes: z.number().int().min(0).max(1440).nullable(),
    /** Element codes the site reports (e.g. `flow`, `volume`, `level`, `cod`, `ph`). */
    elements: z.array(z.string().min(1).max(40)).max(64),
    /** The station whose frames the receiver files under this site; null: none registered. */
    station: siteStationSchema.nullable(),
    /** Instrument ranges by element, as the registry lists them (empty: none registered). */
    instrumentRanges: z.array(instrumentRangeSchema).max(64),
    targets: siteTargetsSchema.nullable(),
    status: z.enum(siteStatuses),
    /** Day the site entered the registry (sites added mid-period count from here). */
    registeredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    updatedAt: epochMs,
  })
  .strict();
export type Site = z.infer<typeof siteSchema>;

export const sitesCollection = defineCollection({
  name: 'sites',
  /**
   * v1 added `allowedDelayMinutes`, v2 `station`, v3 `instrumentRanges` (migrations:
   * `migrations/sites-v1.ts`, `sites-v2.ts`, `sites-v3.ts`).
   */
  version: 3,
  kind: 'reference',
  schema: siteSchema,
  indexes: ['code', 'divisionCode', ['divisionCode', 'kind'], 'name'],
  encrypted: [],
  description: '监测站点 monitored sites (server-authoritative)',
});
