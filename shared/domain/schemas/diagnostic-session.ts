import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, protocols, provenance, recordId } from '../primitives';
import { serialSettingsSchema } from './equipment';

/** One frame on the wire, as recorded by the host (hex, with direction and time). */
export const rawFrameSchema = z
  .object({
    at: epochMs,
    direction: z.enum(['tx', 'rx']),
    hex: z.string().max(8192),
    note: z.string().max(200).nullable(),
  })
  .strict();

export const decodedValueSchema = z
  .object({
    /** The name in the language of the crew who saved the session (what older versions show). */
    name: z.string().min(1).max(80),
    /** Both names, when the value has them (meter profile registers): shown in the reader's language. */
    names: z
      .object({ zh: z.string().min(1).max(80), en: z.string().min(1).max(80) })
      .strict()
      .optional(),
    value: z.union([z.number(), z.string().max(200), z.boolean()]),
    unit: z.string().max(20).nullable(),
  })
  .strict();

/** Values a verdict's text is made from (a drift's current and expected setting, reasons…). */
const verdictParams = z
  .record(z.string().regex(/^[a-zA-Z]\w{0,39}$/), z.union([z.string().max(200), z.number()]))
  .refine((params) => Object.keys(params).length <= 10, 'at most 10 parameters');

export const verdictSchema = z
  .object({
    rule: z.string().min(1).max(80),
    outcome: z.enum(['ok', 'warning', 'fault']),
    /** The text in the language of the crew who saved the session (what older versions show). */
    message: z.string().max(500),
    /** The message's catalogue key, so that any reader sees it in their own language. */
    code: z
      .string()
      .regex(/^[a-zA-Z][\w.-]{0,79}$/)
      .optional(),
    params: verdictParams.optional(),
  })
  .strict();

/** 诊断: a session at a meter or RTU — settings, raw frames, decoded values, verdicts. */
export const diagnosticSessionSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    equipmentId: z.string().max(64).nullable(),
    patrolId: z.string().max(64).nullable(),
    faultId: z.string().max(64).nullable(),
    protocol: z.enum(protocols),
    portPath: z.string().max(200),
    serial: serialSettingsSchema,
    startedAt: epochMs,
    endedAt: epochMs,
    frames: z.array(rawFrameSchema).max(5000),
    values: z.array(decodedValueSchema).max(500),
    verdicts: z.array(verdictSchema).max(100),
    /** RTU configuration snapshot (SZY206: clock, work mode, intervals…), as JSON text. */
    snapshotJson: z.string().max(20_000).nullable(),
    summary: z.string().max(1000).nullable(),
    ...provenance,
  })
  .strict();
export type DiagnosticSession = z.infer<typeof diagnosticSessionSchema>;

export const diagnosticSessionsCollection = defineCollection({
  name: 'diagnostic_sessions',
  // v1: verdicts carry a catalogue code and parameters, values both names (all optional).
  version: 1,
  kind: 'event',
  schema: diagnosticSessionSchema,
  indexes: ['siteId', 'divisionCode'],
  encrypted: [],
  description: '诊断会话 diagnostic sessions with raw frames (append-only)',
});
