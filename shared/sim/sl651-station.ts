import { createFrameReader } from '../protocols/common/frame-reader';
import type { Sl651Station } from '../protocols/sl651/commands';
import { decodeSl651Frame, encodeSl651Frame, type Sl651Frame } from '../protocols/sl651/frame';
import { buildPeriodAnswer, sl651StepMs, type Sl651ElementFormat } from '../protocols/sl651/history';
import { inPlantedGap, recentTwoDayGap, type PlantedGap } from './planted-gaps';
import type { FaultAwareSimulator, ProtocolFault } from './run-simulator';

/**
 * An SL651-2014 hydrological station (river, category H) that answers the centre's 38H period-data
 * query from its stored river level (39H, 4 bytes, 3 decimals), with nothing stored inside the planted
 * gaps, in one frame or in M3 packets of at most `maxBody` body bytes. Other downlink frames go
 * unanswered, as a station in a query it cannot serve does. Pure: time comes in as `now`.
 */
export type Sl651StationOptions = Sl651Station & {
  readonly category?: string;
  /** Default: two days ending a day before the first query. */
  readonly gaps?: readonly PlantedGap[];
  readonly maxBody?: number;
};

export type Sl651StationSim = FaultAwareSimulator & {
  readonly served: readonly Sl651Frame[];
  readonly gaps: () => readonly PlantedGap[];
};

const beijingMs = 8 * 3_600_000;

function bcd(b: number): number {
  return (b >>> 4) * 10 + (b & 0x0f);
}

/** YYMMDDHH BCD at `at` → ms (Beijing), or null. */
function hourAt(body: Uint8Array, at: number): number | null {
  const [y, mo, d, h] = [0, 1, 2, 3].map((i) => bcd(body[at + i] ?? 0xff)) as [
    number,
    number,
    number,
    number,
  ];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23
    ? Date.UTC(2000 + y, mo - 1, d, h) - beijingMs
    : null;
}

const levelFormat: Sl651ElementFormat = { id: 0x39, bytes: 4, decimals: 3 };

export function createSl651Station(options: Sl651StationOptions): Sl651StationSim {
  const reader = createFrameReader(decodeSl651Frame);
  const served: Sl651Frame[] = [];
  let gaps: readonly PlantedGap[] | null = options.gaps ?? null;
  let serial = 0;

  const level = (t: number) =>
    Math.round((12.345 + 0.2 * Math.sin((2 * Math.PI * t) / 86_400_000)) * 1000) / 1000;

  function answer(f: Sl651Frame, now: number): Uint8Array[] {
    gaps ??= [recentTwoDayGap(now)];
    const b = f.body;
    if (f.functionCode !== 0x38 || b.length < 22 || b[16] !== 0x04 || b[17] !== 0x18) {
      return [];
    }
    const start = hourAt(b, 8);
    const end = hourAt(b, 12);
    const step = { days: bcd(b[18] ?? 0), hours: bcd(b[19] ?? 0), minutes: bcd(b[20] ?? 0) };
    const stepMs = sl651StepMs(step);
    // Only the river level is stored here; the 1-byte and 2-byte identifier forms are both accepted.
    if (start === null || end === null || end < start || stepMs <= 0 || b[21] !== levelFormat.id) {
      return [];
    }
    const values: (number | null)[] = [];
    for (let t = start; t <= end; t += stepMs) {
      values.push(t > now || inPlantedGap(gaps, t) ? null : level(t));
    }
    serial = (serial % 65535) + 1;
    return buildPeriodAnswer(
      options,
      {
        serial,
        sentAt: now,
        category: options.category ?? 'H',
        firstAt: start,
        step,
        element: levelFormat,
        values,
      },
      options.maxBody ?? 4095,
    );
  }

  return {
    name: 'sl651-station',
    served,
    gaps: () => gaps ?? [],
    receive(chunk, now) {
      const out: Uint8Array[] = [];
      for (const event of reader.push(chunk)) {
        const f = event.kind === 'frame' ? event.value : null;
        if (
          f === null ||
          f.direction !== 'down' ||
          f.stationAddress.toUpperCase() !== options.stationAddress.toUpperCase()
        ) {
          continue;
        }
        served.push(f);
        out.push(...answer(f, now));
      }
      return out;
    },
    withFault(reply: Uint8Array, fault: ProtocolFault) {
      const copy = reply.slice();
      if (fault === 'bad-crc') {
        copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x5a;
        return copy;
      }
      const decoded = decodeSl651Frame(reply);
      if (decoded.status !== 'ok') {
        return copy;
      }
      const f = decoded.value;
      // wrong-address: another station's number, CRC recomputed; exception: the body is cut to the serial.
      const stationAddress =
        fault === 'wrong-address'
          ? `${f.stationAddress.slice(0, 8)}${f.stationAddress.endsWith('99') ? '00' : '99'}`
          : f.stationAddress;
      return encodeSl651Frame({
        direction: 'up',
        centerAddress: f.centerAddress,
        stationAddress,
        password: f.password,
        functionCode: f.functionCode,
        body: fault === 'exception' ? f.body.subarray(0, 2) : f.body,
        endChar: f.endChar,
        multiPacket: f.multiPacket,
      });
    },
  };
}
