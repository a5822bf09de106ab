import { nmeaMaxLine } from './sentence';

/**
 * Splits a byte stream into NMEA lines. Bytes that never form a `$…` line count as garbage, so a
 * caller can tell a receiver at the wrong baud rate (or not a receiver at all) from a quiet one.
 */
export type NmeaLineSplitter = {
  push(chunk: Uint8Array): string[];
  readonly garbageBytes: number;
};

export function createNmeaLineSplitter(): NmeaLineSplitter {
  let buffer = '';
  let garbage = 0;
  return {
    get garbageBytes() {
      return garbage;
    },
    push(chunk) {
      const lines: string[] = [];
      for (const byte of chunk) {
        if (byte === 0x0a || byte === 0x0d) {
          if (buffer.startsWith('$') && buffer.length > 6) {
            lines.push(buffer);
          } else {
            garbage += buffer.length;
          }
          buffer = '';
        } else if (byte < 0x20 || byte > 0x7e) {
          garbage += buffer.length + 1;
          buffer = '';
        } else {
          buffer += String.fromCharCode(byte);
          if (buffer.length > nmeaMaxLine) {
            garbage += buffer.length;
            buffer = '';
          }
        }
      }
      return lines;
    },
  };
}
