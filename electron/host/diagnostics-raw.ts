import { crc16Modbus } from '#shared/protocols/common/crc16-modbus';
import { fromHex } from '#shared/protocols/common/hex';
import { crc8Szy206 } from '#shared/protocols/szy206/crc8';
import { CodedError } from '#shared/result';

/**
 * The bytes the raw terminal sends: hex as crews type it or text (UTF-8, with \r \n escapes), with an
 * optional checksum. SZY206's CRC-8 covers only C…data (not the 68 L 68 header), so a typed frame
 * that starts with the header gets CS over the user data plus the 16H end byte, as on the wire.
 */
export function rawSendBytes(
  mode: 'hex' | 'text',
  data: string,
  crc: 'none' | 'modbus' | 'szy-crc8',
): Uint8Array {
  const body =
    mode === 'hex'
      ? fromHex(data)
      : new TextEncoder().encode(data.replace(/\\r/g, '\r').replace(/\\n/g, '\n'));
  if (body.length === 0) {
    throw new CodedError('invalid-argument', 'nothing to send');
  }
  if (crc === 'modbus') {
    const c = crc16Modbus(body);
    return Uint8Array.from([...body, c & 0xff, c >>> 8]);
  }
  if (crc === 'szy-crc8') {
    const framed = body.length > 3 && body[0] === 0x68 && body[2] === 0x68;
    const cs = crc8Szy206(body, framed ? 3 : 0);
    return Uint8Array.from(framed ? [...body, cs, 0x16] : [...body, cs]);
  }
  return body;
}
