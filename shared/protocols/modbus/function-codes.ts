import { hex2 } from '../common/hex';

/** The Modbus function codes meters are read and configured with (Modbus Application Protocol v1.1b3). */
export const modbusFunctionCodes = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  readInputRegisters: 0x04,
  writeSingleCoil: 0x05,
  writeSingleRegister: 0x06,
  writeMultipleCoils: 0x0f,
  writeMultipleRegisters: 0x10,
} as const;

export type ModbusFunctionCode = (typeof modbusFunctionCodes)[keyof typeof modbusFunctionCodes];
export type ReadBitsFunctionCode = 0x01 | 0x02;
export type ReadRegistersFunctionCode = 0x03 | 0x04;

const supported: ReadonlySet<number> = new Set(Object.values(modbusFunctionCodes));

export function isSupportedFunctionCode(code: number): code is ModbusFunctionCode {
  return supported.has(code);
}

/** Quantity limits per request so that a reply fits the 253-byte PDU. */
export const modbusLimits = {
  maxReadBits: 2000,
  maxReadRegisters: 125,
  maxWriteCoils: 1968,
  maxWriteRegisters: 123,
} as const;

/** Exception codes and the words crews see for them. */
export const modbusExceptionNames: Readonly<Record<number, string>> = {
  0x01: 'illegal function',
  0x02: 'illegal data address',
  0x03: 'illegal data value',
  0x04: 'server device failure',
  0x05: 'acknowledge (long operation in progress)',
  0x06: 'server device busy',
  0x07: 'negative acknowledge',
  0x08: 'memory parity error',
  0x0a: 'gateway path unavailable',
  0x0b: 'gateway target device failed to respond',
};

/** "exception 02 illegal data address": how an exception reply is named in errors and logs. */
export function describeModbusException(exceptionCode: number): string {
  const name = modbusExceptionNames[exceptionCode] ?? 'unknown exception code';
  return `exception ${hex2(exceptionCode)} ${name}`;
}
