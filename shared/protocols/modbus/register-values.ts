import { fail, ok, type Result } from '../../result';

/** How a meter stores a number in registers. */
export const registerValueTypes = ['uint16', 'int16', 'uint32', 'int32', 'float32'] as const;
export type RegisterValueType = (typeof registerValueTypes)[number];

/**
 * Byte order of a 32-bit value across two registers, A being the most significant byte, written in
 * wire order: ABCD big-endian, CDAB low word first (TUF-2000, many EM converters), BADC bytes swapped
 * in each word, DCBA fully little-endian. For 16-bit types only the byte swap (BADC/DCBA) matters.
 */
export const wordOrders = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
export type WordOrder = (typeof wordOrders)[number];

export function registersPerValue(type: RegisterValueType): 1 | 2 {
  return type === 'uint16' || type === 'int16' ? 1 : 2;
}

// Wire byte positions of value bytes A, B, C, D (most to least significant) per order.
const positions: Readonly<Record<WordOrder, readonly [number, number, number, number]>> = {
  ABCD: [0, 1, 2, 3],
  CDAB: [2, 3, 0, 1],
  BADC: [1, 0, 3, 2],
  DCBA: [3, 2, 1, 0],
};

function wireBytes(registers: readonly number[], offset: number, count: number): Uint8Array {
  const bytes = new Uint8Array(count * 2);
  for (let i = 0; i < count; i += 1) {
    const r = registers[offset + i] ?? 0;
    bytes[i * 2] = (r >> 8) & 0xff;
    bytes[i * 2 + 1] = r & 0xff;
  }
  return bytes;
}

/** Value bytes A..D (big-endian) gathered from the wire bytes. */
function valueView(wire: Uint8Array, type: RegisterValueType, order: WordOrder): DataView {
  const width = registersPerValue(type) * 2;
  const value = new Uint8Array(width);
  if (width === 2) {
    const swap = order === 'BADC' || order === 'DCBA';
    value[0] = wire[swap ? 1 : 0] ?? 0;
    value[1] = wire[swap ? 0 : 1] ?? 0;
  } else {
    positions[order].forEach((wireIndex, valueIndex) => {
      value[valueIndex] = wire[wireIndex] ?? 0;
    });
  }
  return new DataView(value.buffer);
}

/**
 * The number stored in `registers` starting at `offset`, multiplied by `scale`
 * (e.g. 0.01 for "int32 with two implied decimals").
 */
export function registersToValue(
  registers: readonly number[],
  type: RegisterValueType,
  order: WordOrder = 'ABCD',
  scale = 1,
  offset = 0,
): number {
  const view = valueView(wireBytes(registers, offset, registersPerValue(type)), type, order);
  const raw =
    type === 'uint16'
      ? view.getUint16(0)
      : type === 'int16'
        ? view.getInt16(0)
        : type === 'uint32'
          ? view.getUint32(0)
          : type === 'int32'
            ? view.getInt32(0)
            : view.getFloat32(0);
  return scale === 1 ? raw : raw * scale;
}

/** Every value in `registers` read as consecutive `type`s; a trailing odd register is left out. */
export function registersToValues(
  registers: readonly number[],
  type: RegisterValueType,
  order: WordOrder = 'ABCD',
  scale = 1,
): number[] {
  const step = registersPerValue(type);
  const out: number[] = [];
  for (let offset = 0; offset + step <= registers.length; offset += step) {
    out.push(registersToValue(registers, type, order, scale, offset));
  }
  return out;
}

/** All four word orders side by side: what the diagnostic view shows when the order is unknown. */
export function registersInEveryOrder(
  registers: readonly number[],
  type: RegisterValueType,
  scale = 1,
): Readonly<Record<WordOrder, number>> {
  return {
    ABCD: registersToValue(registers, type, 'ABCD', scale),
    CDAB: registersToValue(registers, type, 'CDAB', scale),
    BADC: registersToValue(registers, type, 'BADC', scale),
    DCBA: registersToValue(registers, type, 'DCBA', scale),
  };
}

const integerRanges: Readonly<Record<Exclude<RegisterValueType, 'float32'>, readonly [number, number]>> = {
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  int32: [-0x80000000, 0x7fffffff],
};

/**
 * The registers to write for `value` (divided by `scale` first, integers rounded to nearest), or an
 * `invalid-argument` failure when it does not fit the type.
 */
export function valueToRegisters(
  value: number,
  type: RegisterValueType,
  order: WordOrder = 'ABCD',
  scale = 1,
): Result<number[]> {
  if (!Number.isFinite(value) || !Number.isFinite(scale) || scale === 0) {
    return fail('invalid-argument', `value ${value} with scale ${scale} is not a finite number`);
  }
  const raw = scale === 1 ? value : value / scale;
  const width = registersPerValue(type) * 2;
  const valueBytes = new Uint8Array(width);
  const view = new DataView(valueBytes.buffer);
  if (type === 'float32') {
    view.setFloat32(0, raw);
  } else {
    const rounded = Math.round(raw);
    const [min, max] = integerRanges[type];
    if (rounded < min || rounded > max) {
      return fail(
        'invalid-argument',
        `value ${value} does not fit ${type} (${min}–${max} after scale ${scale})`,
      );
    }
    if (width === 2) {
      view.setUint16(0, rounded & 0xffff);
    } else {
      view.setUint32(0, rounded >>> 0);
    }
  }
  const wire = new Uint8Array(width);
  if (width === 2) {
    const swap = order === 'BADC' || order === 'DCBA';
    wire[0] = valueBytes[swap ? 1 : 0] ?? 0;
    wire[1] = valueBytes[swap ? 0 : 1] ?? 0;
  } else {
    positions[order].forEach((wireIndex, valueIndex) => {
      wire[wireIndex] = valueBytes[valueIndex] ?? 0;
    });
  }
  const registers: number[] = [];
  for (let i = 0; i < width; i += 2) {
    registers.push(((wire[i] ?? 0) << 8) | (wire[i + 1] ?? 0));
  }
  return ok(registers);
}
