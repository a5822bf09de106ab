import { z } from 'zod';

/** 6-digit GB/T 2260 administrative division code (province 2 + city 2 + county 2). */
export const divisionCode = z
  .string()
  .length(6)
  .regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 division code')
  .brand<'DivisionCode'>();
export type DivisionCode = z.infer<typeof divisionCode>;

/** A division-code prefix naming a region: 2 digits (province), 4 (city) or 6 (county). */
export const regionScope = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be 2, 4 or 6 digits of a division code');
export function divisionProvince(code: string): string {
  return `${code.slice(0, 2)}0000`;
}
export function divisionCity(code: string): string {
  return `${code.slice(0, 4)}00`;
}
/** Record id made on the device (UUIDv7) or by the platform's importer (any stable string). */
export const recordId = z.string().min(1).max(64);

/** Milliseconds since the Unix epoch. */
export const epochMs = z.number().int().min(0).max(9_999_999_999_999);
/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD');

/** A WGS84 / CGCS2000 position in degrees (the datum everything is stored in). */
export const wgs84Position = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .strict()
  .brand<'Wgs84'>();
export type Wgs84Position = z.infer<typeof wgs84Position>;

export function wgs84(lat: number, lng: number): Wgs84Position {
  return wgs84Position.parse({ lat, lng });
}

/** 统一社会信用代码: 18 characters of digits and upper-case letters (no I, O, S, V, Z). */
export const creditCode = z
  .string()
  .regex(
    /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
    'must be an 18-character unified social credit code',
  );

export const siteKinds = ['intake', 'source_quality', 'boundary_section'] as const;
export type SiteKind = (typeof siteKinds)[number];

export const protocols = [
  'modbus-rtu',
  'szy206-2016',
  'sl427-2021',
  'sl651-2014',
  'hj212-2017',
  'nmea-0183',
] as const;
export type ProtocolId = (typeof protocols)[number];

/** Who made a field record and on which laptop. */
export const provenance = {
  deviceId: z.string().min(1).max(64),
  operatorId: z.string().min(1).max(64),
  /** Device clock when the record was made — kept, never trusted for ordering. */
  recordedAt: epochMs,
  /** Stamped by the sync service on receipt; absent until then. */
  receivedAt: epochMs.nullable().optional(),
};
