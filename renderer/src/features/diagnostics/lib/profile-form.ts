import {
  meterProfileSchema,
  registerWidth,
  type MeterProfile,
  type ProfileRegister,
} from '#shared/diagnostics/meter-profile';

/** A problem the profile form shows beside its field: `row` is the register's index, or null. */
export type FieldIssue = { readonly row: number | null; readonly field: string; readonly message: string };

export type DraftCheck =
  | { readonly ok: true; readonly profile: MeterProfile; readonly warnings: readonly FieldIssue[] }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Validates a draft as the host will (the same schema) and places each problem on its field. */
export function checkProfileDraft(draft: unknown): DraftCheck {
  const parsed = meterProfileSchema.safeParse(draft);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const [head, index, ...rest] = issue.path.map(String);
        return head === 'registers' && index !== undefined && /^\d+$/.test(index)
          ? { row: Number(index), field: rest.join('.') || '(register)', message: issue.message }
          : { row: null, field: issue.path.map(String).join('.') || '(profile)', message: issue.message };
      }),
    };
  }
  return { ok: true, profile: parsed.data, warnings: overlapWarnings(parsed.data.registers) };
}

/**
 * Registers of one table whose words overlap (a 32-bit value at 4112 also covers 4113). Allowed — some
 * manuals map one quantity twice — but usually a typing slip, so the form says so.
 */
export function overlapWarnings(registers: readonly ProfileRegister[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  registers.forEach((r, i) => {
    const clash = registers.findIndex(
      (o, j) =>
        j < i &&
        o.functionCode === r.functionCode &&
        o.address < r.address + registerWidth(r.type) &&
        r.address < o.address + registerWidth(o.type),
    );
    if (clash >= 0) {
      out.push({
        row: i,
        field: 'address',
        message: `${r.key} overlaps ${registers[clash]!.key}`,
      });
    }
  });
  return out;
}

/** A new register after the last one: next free address in the same table, a key not yet used. */
export function nextRegister(registers: readonly ProfileRegister[]): ProfileRegister {
  const keys = new Set(registers.map((r) => r.key));
  let n = registers.length + 1;
  while (keys.has(`reg${n}`)) {
    n += 1;
  }
  const last = registers[registers.length - 1];
  return {
    key: `reg${n}`,
    name: { zh: `寄存器 ${n}`, en: `Register ${n}` },
    address: last === undefined ? 0 : Math.min(65535, last.address + registerWidth(last.type)),
    functionCode: last?.functionCode ?? 3,
    type: 'uint16',
    wordOrder: 'ABCD',
    scale: 1,
    unit: '',
    writable: false,
  };
}
