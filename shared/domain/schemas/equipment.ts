import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, protocols, recordId } from '../primitives';

export const equipmentRoles = ['meter', 'analyser', 'rtu', 'level_sensor', 'gnss'] as const;
export const parities = ['none', 'even', 'odd'] as const;
export const baudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

export const serialSettingsSchema = z
  .object({
    baudRate: z.number().int().min(1200).max(115200),
    dataBits: z.union([z.literal(7), z.literal(8)]),
    parity: z.enum(parities),
    stopBits: z.union([z.literal(1), z.literal(2)]),
  })
  .strict();
export type SerialSettings = z.infer<typeof serialSettingsSchema>;

/** SZY206 / SL/T 427 terminal address: A1 division code (BCD) + A2 station number. */
export const rtuAddressSchema = z
  .object({
    division: z.string().regex(/^\d{6}$/),
    station: z.number().int().min(0).max(65535),
  })
  .strict();

/** 计量设施 / RTU 遥测终端: a meter, analyser or terminal at a site and how to talk to it. */
export const equipmentSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    role: z.enum(equipmentRoles),
    manufacturer: z.string().max(100).nullable(),
    model: z.string().max(100).nullable(),
    serialNumber: z.string().max(100).nullable(),
    protocol: z.enum(protocols).nullable(),
    serial: serialSettingsSchema.nullable(),
    rtuAddress: rtuAddressSchema.nullable(),
    /** SL651 telemetry station code (10 hex digits). */
    stationCode: z.string().max(20).nullable(),
    /** HJ 212 MN (device unique code). */
    hj212Mn: z.string().max(24).nullable(),
    modbusUnitId: z.number().int().min(0).max(247).nullable(),
    /** Meter profile id (`resources/meter-profiles/<id>.json`). */
    modbusProfile: z.string().max(80).nullable(),
    installedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    updatedAt: epochMs,
  })
  .strict();
export type Equipment = z.infer<typeof equipmentSchema>;

export const equipmentCollection = defineCollection({
  name: 'equipment',
  version: 0,
  kind: 'reference',
  schema: equipmentSchema,
  indexes: ['siteId', 'divisionCode'],
  encrypted: [],
  description: '计量设施与遥测终端 meters, analysers and RTUs (server-authoritative)',
});
