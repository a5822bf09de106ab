import { z } from 'zod';
import {
  registersPerValue,
  registersToValue,
  registerValueTypes,
  valueToRegisters,
  wordOrders,
  type RegisterValueType,
} from '../protocols/modbus/register-values';
import { CodedError } from '../result';

/**
 * 仪表模板 meter profile: the named registers of one meter family (protocols.md §2.4). There is no
 * national register map, so crews pick a family, can duplicate and edit it, and the diagnostics page
 * shows each register as a scaled value with its unit. Register addresses are wire addresses
 * (0-based); the manual's 1-based number is kept in `manualNumber` when it differs, so a crew can
 * compare with the printed manual.
 */
// Types and word orders are the Modbus codec's: a profile only names and scales its registers.
export const registerTypes = registerValueTypes;
export type RegisterType = RegisterValueType;
export { wordOrders };

const localized = z.object({ zh: z.string().min(1).max(80), en: z.string().min(1).max(80) }).strict();

export const profileRegisterSchema = z
  .object({
    /** Stable key inside the profile (e.g. `flow`, `totalInt`). */
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'letters, digits and _ (start with a letter)'),
    name: localized,
    address: z.number().int().min(0).max(65535),
    manualNumber: z.number().int().min(0).max(65536).optional(),
    functionCode: z.union([z.literal(3), z.literal(4)]),
    type: z.enum(registerTypes),
    /** Only meaningful for 32-bit types; 16-bit registers are always big-endian on the wire. */
    wordOrder: z.enum(wordOrders).default('ABCD'),
    scale: z.number().finite().default(1),
    unit: z.string().max(20).default(''),
    /** Part of the cumulative volume: `int` + `fraction` are added, `total` stands alone. */
    cumulative: z.enum(['total', 'int', 'fraction']).optional(),
    writable: z.boolean().default(false),
  })
  .strict();
export type ProfileRegister = z.infer<typeof profileRegisterSchema>;

export const meterProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lower-case letters, digits and -'),
    name: localized,
    family: z.string().max(200).default(''),
    /** Advice shown beside the profile (wire address vs manual numbers, totalizer multipliers…). */
    notes: z
      .union([
        z.string().max(2000),
        z.object({ zh: z.string().max(2000), en: z.string().max(2000) }).strict(),
      ])
      .default(''),
    /** Factory default line settings and unit id (the auto-detect scan tries these first). */
    defaults: z
      .object({
        baudRate: z.number().int().min(1200).max(115200),
        parity: z.enum(['none', 'even', 'odd']),
        stopBits: z.union([z.literal(1), z.literal(2)]),
        unitId: z.number().int().min(1).max(247),
      })
      .strict(),
    /** Where the profile came from: shipped in resources, or made by the crew (editable). */
    source: z.enum(['builtin', 'user']).default('builtin'),
    registers: z.array(profileRegisterSchema).min(1).max(200),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.registers.forEach((r, i) => {
      if (seen.has(r.key)) {
        ctx.addIssue({ code: 'custom', path: ['registers', i, 'key'], message: `duplicate key "${r.key}"` });
      }
      seen.add(r.key);
    });
    const cum = p.registers.filter((r) => r.cumulative !== undefined).map((r) => r.cumulative);
    const total = cum.filter((c) => c === 'total').length;
    const int = cum.filter((c) => c === 'int').length;
    const fraction = cum.filter((c) => c === 'fraction').length;
    if (total > 1 || int > 1 || fraction > 1 || (total === 1 && int + fraction > 0) || fraction > int) {
      ctx.addIssue({
        code: 'custom',
        path: ['registers'],
        message:
          'cumulative volume must be one `total` register, or one `int` (plus optionally one `fraction`)',
      });
    }
  });
export type MeterProfile = z.infer<typeof meterProfileSchema>;
export type MeterProfileInput = z.input<typeof meterProfileSchema>;

/** The profile's notes in the crew's language (plain-string notes are shown as written). */
export function profileNotes(profile: MeterProfile, language: string): string {
  if (typeof profile.notes === 'string') {
    return profile.notes;
  }
  return language.startsWith('zh') ? profile.notes.zh : profile.notes.en;
}

/** Registers a value of this type occupies. */
export function registerWidth(type: RegisterType): 1 | 2 {
  return registersPerValue(type);
}

/**
 * Parses one profile file's text. A bad file is a `invalid-argument` error naming the file and the
 * first offending field (e.g. `tds-100.json: registers.3.wordOrder: Invalid enum value`).
 */
export function parseMeterProfile(fileName: string, text: string): MeterProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CodedError(
      'invalid-argument',
      `${fileName}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return validateMeterProfile(fileName, json);
}

export function validateMeterProfile(fileName: string, value: unknown): MeterProfile {
  const parsed = meterProfileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => {
      const path = i.path.length > 0 ? i.path.map(String).join('.') : '(profile)';
      return `${path}: ${i.message}`;
    });
    throw new CodedError('invalid-argument', `${fileName}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** A user copy of a profile: new id, `user` source, a name saying it is a copy. */
export function duplicateProfile(profile: MeterProfile, id: string): MeterProfile {
  return meterProfileSchema.parse({
    ...profile,
    id,
    source: 'user',
    name: { zh: `${profile.name.zh}（副本）`, en: `${profile.name.en} (copy)` },
  });
}

/** Encodes one value as the 16-bit words it occupies on the wire, in the register's word order. */
export function encodeRegisterValue(register: ProfileRegister, value: number): number[] {
  const words = valueToRegisters(value, register.type, register.wordOrder, register.scale);
  if (!words.ok) {
    throw new CodedError('invalid-argument', `${register.key}: ${words.error.message}`);
  }
  return words.value;
}

/** What a Modbus slave simulator holds: 16-bit words by wire address, per register table. */
export type SimulatorRegisterMap = {
  readonly holding: Readonly<Record<number, number>>;
  readonly input: Readonly<Record<number, number>>;
};

/** A plausible reading for each register when the caller gives none (keeps simulated meters alive). */
export function sampleValues(profile: MeterProfile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of profile.registers) {
    if (r.cumulative === 'int' || r.cumulative === 'total') {
      out[r.key] = 123456;
    } else if (r.cumulative === 'fraction') {
      out[r.key] = 0.5;
    } else if (r.type === 'float32') {
      out[r.key] = 12.5;
    } else {
      out[r.key] = 0;
    }
  }
  return out;
}

/**
 * Builds the register map a simulated meter of this family answers from (`wrm sim modbus --profile`,
 * e2e rigs). `values` are engineering values by register key (scaled as the profile says);
 * registers without a value get `sampleValues`.
 */
export function simulatorRegisterMap(
  profile: MeterProfile,
  values: Readonly<Record<string, number>> = {},
): SimulatorRegisterMap {
  const samples = sampleValues(profile);
  const holding: Record<number, number> = {};
  const input: Record<number, number> = {};
  for (const r of profile.registers) {
    const table = r.functionCode === 3 ? holding : input;
    const words = encodeRegisterValue(r, values[r.key] ?? samples[r.key] ?? 0);
    words.forEach((w, i) => {
      table[(r.address + i) & 0xffff] = w;
    });
  }
  return { holding, input };
}

/** The cumulative volume a profile defines from decoded register values (by key), or null. */
export function cumulativeVolume(
  profile: MeterProfile,
  values: Readonly<Record<string, number>>,
): { readonly value: number; readonly unit: string } | null {
  const total = profile.registers.find((r) => r.cumulative === 'total');
  if (total !== undefined) {
    const v = values[total.key];
    return v === undefined ? null : { value: v, unit: total.unit };
  }
  const int = profile.registers.find((r) => r.cumulative === 'int');
  if (int === undefined || values[int.key] === undefined) {
    return null;
  }
  const fraction = profile.registers.find((r) => r.cumulative === 'fraction');
  const f = fraction === undefined ? 0 : (values[fraction.key] ?? 0);
  return { value: (values[int.key] ?? 0) + f, unit: int.unit };
}

/** Decodes the words read for one register (wire order) into its scaled engineering value. */
export function decodeRegisterValue(register: ProfileRegister, words: readonly number[]): number {
  return registersToValue(words, register.type, register.wordOrder, register.scale);
}
