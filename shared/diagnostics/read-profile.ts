import type { ProfileReading, ProfileValue } from '../host/contract/diagnostics';
import type { LineCause, LineCauseKind } from '../protocols/common/line-cause';
import type { ModbusMaster } from '../protocols/modbus/master';
import { fail, ok, type Failure, type Result } from '../result';
import { cumulativeVolume, decodeRegisterValue, registerWidth, type MeterProfile } from './meter-profile';

type Block = {
  readonly fc: 3 | 4;
  readonly start: number;
  end: number;
  readonly regs: MeterProfile['registers'][number][];
};

/** Adjacent registers of one table in one request (≤ 100 words); gaps are never bridged. */
function profileBlocks(profile: MeterProfile): Block[] {
  const sorted = [...profile.registers].sort(
    (a, b) => a.functionCode - b.functionCode || a.address - b.address,
  );
  const blocks: Block[] = [];
  for (const r of sorted) {
    const end = r.address + registerWidth(r.type);
    const last = blocks[blocks.length - 1];
    if (
      last !== undefined &&
      last.fc === r.functionCode &&
      r.address === last.end &&
      end - last.start <= 100
    ) {
      last.end = Math.max(last.end, end);
      last.regs.push(r);
    } else {
      blocks.push({ fc: r.functionCode, start: r.address, end, regs: [r] });
    }
  }
  return blocks;
}

/** Whether the line itself failed (nothing will answer a smaller request either). */
function isLineDown(cause: LineCause | undefined): boolean {
  return cause !== undefined && lineDown.has(cause.kind);
}

const lineDown: ReadonlySet<LineCauseKind> = new Set([
  'timeout',
  'port-closed',
  'port-vanished',
  'write-failed',
  'cancelled',
]);

/**
 * Reads every register of a meter profile through the shared Modbus master. Adjacent registers of one
 * table are read in one request (meters answer a block faster than many singles; gaps are not bridged
 * because strict meters refuse addresses they do not map); a block the device refuses is retried
 * register by register so one unsupported address does not hide the others — unless the line is down
 * (timeout, closed), when the retries would only multiply the wait. Each register without a value keeps
 * the coded cause of its failure. Fails (with the first register's cause) when no register could be
 * read at all.
 */
export async function readMeterProfile(
  master: ModbusMaster,
  profile: MeterProfile,
  unitId: number,
  timeoutMs: number,
  now: () => number,
): Promise<Result<ProfileReading>> {
  const byKey = new Map<string, ProfileValue>();
  for (const b of profileBlocks(profile)) {
    const block = await master.readRegisters(unitId, b.fc, b.start, b.end - b.start, timeoutMs);
    for (const r of b.regs) {
      const width = registerWidth(r.type);
      let raw: readonly number[] | null = block.ok
        ? block.value.slice(r.address - b.start, r.address - b.start + width)
        : null;
      let failure: Failure | null = block.ok ? null : block.error;
      if (raw === null && b.regs.length > 1 && !isLineDown(failure?.cause)) {
        const single = await master.readRegisters(unitId, r.functionCode, r.address, width, timeoutMs);
        raw = single.ok ? single.value : null;
        failure = single.ok ? null : single.error;
      }
      byKey.set(r.key, {
        key: r.key,
        name: r.name,
        address: r.address,
        functionCode: r.functionCode,
        raw: raw ?? [],
        value: raw === null ? null : decodeRegisterValue(r, raw),
        unit: r.unit,
        error: raw === null ? (failure?.message ?? null) : null,
        ...(raw === null && failure?.cause !== undefined ? { cause: failure.cause } : {}),
      });
    }
  }
  const values = profile.registers
    .map((r) => byKey.get(r.key))
    .filter((v): v is ProfileValue => v !== undefined);
  if (values.every((v) => v.value === null)) {
    const first = values[0];
    return fail(
      'timeout',
      `no register of "${profile.id}" could be read: ${first?.error ?? 'no reply'}`,
      first?.cause ?? { kind: 'timeout', timeoutMs },
    );
  }
  const numbers: Record<string, number> = {};
  values.forEach((v) => {
    if (v.value !== null) {
      numbers[v.key] = v.value;
    }
  });
  const flow = values.find((v) => v.key === 'flow' && v.unit === 'm³/h' && v.value !== null);
  return ok({
    profileId: profile.id,
    values,
    cumulative: cumulativeVolume(profile, numbers),
    flowRatePerHour: flow?.value ?? null,
    at: now(),
  });
}
