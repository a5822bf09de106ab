import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../common/hex';
import {
  decodeModbusRequest,
  decodeModbusResponse,
  encodeModbusRequest,
  encodeModbusResponse,
  rtuFrameSilenceMs,
  type ModbusRequest,
  type ModbusResponse,
} from './index';

// Golden frames, asserted both ways. "§6.2" rows are the Modbus vectors of protocols.md; the others
// were built by us from the function-code layouts (CRC from our CRC-16/MODBUS, itself pinned to the
// published frames) and are independently checked against libmodbus in the interop test.
const requests: readonly { hex: string; request: ModbusRequest; source: string }[] = [
  {
    hex: '01 03 00 64 00 02 85 D4',
    request: { unitId: 1, functionCode: 3, address: 0x64, quantity: 2 },
    source: '§6.2 G350',
  },
  {
    hex: '01 03 00 00 00 02 C4 0B',
    request: { unitId: 1, functionCode: 3, address: 0, quantity: 2 },
    source: '§6.2 EM meter',
  },
  {
    hex: '01 03 00 00 00 0A C5 CD',
    request: { unitId: 1, functionCode: 3, address: 0, quantity: 10 },
    source: '§6.2',
  },
  {
    hex: '01 03 00 00 00 01 84 0A',
    request: { unitId: 1, functionCode: 3, address: 0, quantity: 1 },
    source: '§6.2',
  },
  {
    hex: '01 04 00 00 00 02 71 CB',
    request: { unitId: 1, functionCode: 4, address: 0, quantity: 2 },
    source: '§6.2',
  },
  {
    hex: '01 06 00 01 00 03 98 0B',
    request: { unitId: 1, functionCode: 6, address: 1, value: 3 },
    source: '§6.2',
  },
  {
    hex: '01 10 00 01 00 02 04 00 0A 01 02 92 30',
    request: { unitId: 1, functionCode: 0x10, address: 1, values: [0x000a, 0x0102] },
    source: '§6.2',
  },
  {
    hex: '01 01 00 13 00 13 8C 02',
    request: { unitId: 1, functionCode: 1, address: 0x13, quantity: 19 },
    source: 'ours',
  },
  {
    hex: '01 02 00 C4 00 16 B8 39',
    request: { unitId: 1, functionCode: 2, address: 0xc4, quantity: 22 },
    source: 'ours',
  },
  {
    hex: '01 05 00 AC FF 00 4C 1B',
    request: { unitId: 1, functionCode: 5, address: 0xac, value: true },
    source: 'ours',
  },
  {
    hex: '01 05 00 AC 00 00 0D EB',
    request: { unitId: 1, functionCode: 5, address: 0xac, value: false },
    source: 'ours',
  },
  {
    hex: '01 0F 00 13 00 0A 02 CD 01 72 CB',
    request: {
      unitId: 1,
      functionCode: 0x0f,
      address: 0x13,
      values: [true, false, true, true, false, false, true, true, true, false],
    },
    source: 'ours',
  },
  {
    hex: '11 04 00 08 00 01 B2 98',
    request: { unitId: 17, functionCode: 4, address: 8, quantity: 1 },
    source: 'ours',
  },
];

const bits = (byte: number, n = 8) => Array.from({ length: n }, (_, i) => ((byte >> i) & 1) === 1);

const responses: readonly { hex: string; response: ModbusResponse; source: string }[] = [
  {
    hex: '01 03 04 00 00 C1 48 AB 95',
    response: { kind: 'normal', unitId: 1, functionCode: 3, values: [0x0000, 0xc148] },
    source: '§2.4 D EM meter reply',
  },
  {
    hex: '01 06 00 01 00 03 98 0B',
    response: { kind: 'normal', unitId: 1, functionCode: 6, address: 1, value: 3 },
    source: '§6.2 echo',
  },
  {
    hex: '01 10 00 01 00 02 10 08',
    response: { kind: 'normal', unitId: 1, functionCode: 0x10, address: 1, quantity: 2 },
    source: '§6.2',
  },
  {
    hex: '01 83 02 C0 F1',
    response: { kind: 'exception', unitId: 1, functionCode: 3, exceptionCode: 2 },
    source: '§6.2',
  },
  {
    hex: '01 04 04 01 02 03 04 5A 8B',
    response: { kind: 'normal', unitId: 1, functionCode: 4, values: [0x0102, 0x0304] },
    source: 'ours',
  },
  {
    hex: '01 01 03 CD 6B 05 42 82',
    response: {
      kind: 'normal',
      unitId: 1,
      functionCode: 1,
      values: [...bits(0xcd), ...bits(0x6b), ...bits(0x05)],
    },
    source: 'ours',
  },
  {
    hex: '01 02 03 AC DB 35 22 88',
    response: {
      kind: 'normal',
      unitId: 1,
      functionCode: 2,
      values: [...bits(0xac), ...bits(0xdb), ...bits(0x35)],
    },
    source: 'ours',
  },
  {
    hex: '01 05 00 AC FF 00 4C 1B',
    response: { kind: 'normal', unitId: 1, functionCode: 5, address: 0xac, value: true },
    source: 'ours echo',
  },
  {
    hex: '01 0F 00 13 00 0A 24 09',
    response: { kind: 'normal', unitId: 1, functionCode: 0x0f, address: 0x13, quantity: 10 },
    source: 'ours',
  },
  {
    hex: '11 04 02 00 0A F8 F4',
    response: { kind: 'normal', unitId: 17, functionCode: 4, values: [10] },
    source: 'ours',
  },
  {
    hex: '01 84 01 82 C0',
    response: { kind: 'exception', unitId: 1, functionCode: 4, exceptionCode: 1 },
    source: 'ours',
  },
  {
    hex: '01 90 03 0C 01',
    response: { kind: 'exception', unitId: 1, functionCode: 0x10, exceptionCode: 3 },
    source: 'ours',
  },
];

describe('Modbus requests: golden bytes both ways', () => {
  it.each(requests)('$hex ($source)', ({ hex, request }) => {
    const encoded = encodeModbusRequest(request);
    expect(encoded.ok ? toHex(encoded.value) : encoded.error.message).toBe(hex);
    expect(decodeModbusRequest(fromHex(hex))).toEqual({
      status: 'ok',
      value: request,
      consumed: fromHex(hex).length,
    });
  });
});

describe('Modbus responses: golden bytes both ways', () => {
  it.each(responses)('$hex ($source)', ({ hex, response }) => {
    const encoded = encodeModbusResponse(response);
    expect(encoded.ok ? toHex(encoded.value) : encoded.error.message).toBe(hex);
    expect(decodeModbusResponse(fromHex(hex))).toEqual({
      status: 'ok',
      value: response,
      consumed: fromHex(hex).length,
    });
  });

  it('trims read-bit replies to the quantity asked when given the request', () => {
    const request: ModbusRequest = { unitId: 1, functionCode: 1, address: 0x13, quantity: 19 };
    const result = decodeModbusResponse(fromHex('01 01 03 CD 6B 05 42 82'), request);
    expect(result.status === 'ok' && 'values' in result.value ? result.value.values : []).toHaveLength(19);
  });
});

describe('Modbus decoders: bad frames are named', () => {
  it.each([
    ['01 03 00 64 00 02 00 00', 'request', 'CRC expected 0xD485, found 0x0000'],
    ['01 2B 0E 01 00 70 77', 'request', 'unsupported function code 0x2B'],
    ['01 05 00 AC 12 34 00 9C', 'request', /coil value 0x1234/],
    ['01 10 00 01 00 02 03 00 0A 01 42 26', 'request', /byte count 3 does not fit 2 registers/],
    ['01 03 00 00 00 00 45 CA', 'request', 'register quantity 0 is outside 1–125'],
    ['01 03 04 00 00 C1 48 AB 96', 'response', 'CRC expected 0x95AB, found 0x96AB'],
    ['01 03 03 00 00 C1 84 1E', 'response', /byte count 3 is odd/],
    ['01 C4 02 73 31', 'response', 'unsupported function code 0xC4'],
    ['01 03 FF', 'response', 'byte count 255 is outside 1–250 for FC 03'],
    ['01 10 00 01 00 02 FF', 'request', 'byte count 255 is outside 1–246 for FC 10'],
  ])('%s (%s) → %s', (hex, kind, reason) => {
    const bytes = fromHex(hex);
    const result = kind === 'request' ? decodeModbusRequest(bytes) : decodeModbusResponse(bytes);
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' ? result.reason : '').toMatch(reason);
  });

  it('checks a reply against the request it answers', () => {
    const request: ModbusRequest = { unitId: 1, functionCode: 3, address: 0, quantity: 2 };
    const reason = (hex: string, r: ModbusRequest = request) => {
      const result = decodeModbusResponse(fromHex(hex), r);
      return result.status === 'invalid' ? result.reason : result.status;
    };
    expect(reason('01 03 04 00 00 C1 48 AB 95')).toBe('ok');
    expect(reason('11 04 02 00 0A F8 F4')).toBe('reply from unit 17, expected unit 1');
    expect(reason('01 04 04 01 02 03 04 5A 8B')).toBe('reply to FC 04, expected FC 03');
    expect(reason('01 03 04 00 00 C1 48 AB 95', { ...request, quantity: 3 })).toBe(
      '2 registers in the reply, expected 3',
    );
    expect(reason('01 06 00 01 00 03 98 0B', { unitId: 1, functionCode: 6, address: 1, value: 4 })).toMatch(
      /echo of address 1 value 3/,
    );
    expect(reason('01 83 02 C0 F1')).toBe('ok');
  });

  it('says how many bytes are still missing', () => {
    expect(decodeModbusRequest(fromHex('01'))).toEqual({ status: 'incomplete', needed: 7 });
    expect(decodeModbusRequest(fromHex('01 10 00 01 00'))).toEqual({ status: 'incomplete', needed: null });
    expect(decodeModbusResponse(fromHex('01 03 04 00'))).toEqual({ status: 'incomplete', needed: 5 });
  });

  it('refuses to encode out-of-range requests, naming the field', () => {
    const bad = (r: ModbusRequest) => {
      const result = encodeModbusRequest(r);
      return result.ok ? 'ok' : result.error.message;
    };
    expect(bad({ unitId: 248, functionCode: 3, address: 0, quantity: 1 })).toBe(
      'unit id 248 is outside 0–247',
    );
    expect(bad({ unitId: 0, functionCode: 3, address: 0, quantity: 1 })).toMatch(/broadcast/);
    expect(bad({ unitId: 1, functionCode: 3, address: 65535, quantity: 2 })).toMatch(
      /runs past register 65535/,
    );
    expect(bad({ unitId: 1, functionCode: 6, address: 1, value: 65536 })).toBe(
      'register value 65536 is outside 0–65535',
    );
    expect(bad({ unitId: 1, functionCode: 0x10, address: 1, values: [] })).toBe(
      'register quantity 0 is outside 1–123',
    );
  });
});

describe('reassembly', () => {
  const reply = fromHex('01 03 04 00 00 C1 48 AB 95');
  it.each([[1], [2], [3], [4], [5], [2, 7]])('feeds a reply in chunks of %j until it decodes', (...sizes) => {
    let buffer = new Uint8Array(0);
    const statuses: string[] = [];
    for (let offset = 0, i = 0; offset < reply.length; i += 1) {
      const size = sizes[i % sizes.length] ?? 1;
      const next = new Uint8Array(buffer.length + Math.min(size, reply.length - offset));
      next.set(buffer);
      next.set(reply.subarray(offset, offset + size), buffer.length);
      buffer = next;
      offset += size;
      statuses.push(decodeModbusResponse(buffer).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 'incomplete')).toBe(true);
    expect(statuses.at(-1)).toBe('ok');
  });
});

describe('rtuFrameSilenceMs', () => {
  it('is 3.5 eleven-bit characters up to 19200 Bd and 1.75 ms above', () => {
    expect(rtuFrameSilenceMs(9600)).toBeCloseTo(4.01, 2);
    expect(rtuFrameSilenceMs(19200)).toBeCloseTo(2.005, 3);
    expect(rtuFrameSilenceMs(38400)).toBe(1.75);
  });
});
