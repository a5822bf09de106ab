import { szy206Afn } from './afn';
import {
  encodeClock,
  encodePassword,
  encodeTimeLabel,
  szy206WorkModes,
  wordLe,
  type Szy206Clock,
  type Szy206Password,
  type Szy206TimeLabel,
  type Szy206WorkMode,
} from './fields';
import {
  encodeSzy206Frame,
  type Szy206Address,
  type Szy206Control,
  type Szy206Direction,
  type Szy206Edition,
} from './frame';
import { concatBytes, encodeSzy206Values, encodeWaterQuality } from './values';
import { digitsToBcdLsbFirst } from './bcd';
import { linkTestCodes, type LinkTestMeaning } from './message';

/**
 * Builders for every frame the RTU page sends (downlink) and every answer the RTU simulator gives
 * (uplink). Queries go out with FCB = 3 as the implementations do; link-test frames use FCB = 0 like
 * the published constructed examples. All throw `invalid-argument` for a bad address.
 */
export type Szy206Target = {
  readonly address: Szy206Address;
  readonly edition?: Szy206Edition;
};

function frame(
  target: Szy206Target,
  direction: Szy206Direction,
  afn: number,
  payload: Uint8Array = new Uint8Array(0),
  functionCode = 0,
  frameCount = 3,
): Uint8Array {
  return encodeSzy206Frame({
    control: { direction, split: false, frameCount, functionCode },
    address: target.address,
    afn,
    payload,
  });
}

function linkTestCode(meaning: Exclude<LinkTestMeaning, 'unknown'>): number {
  const entry = Object.entries(linkTestCodes).find(([, m]) => m === meaning);
  return Number(entry?.[0] ?? 0xf2);
}

// ---- downlink (centre → terminal) ----

/** AFN 02H keep-alive (F2H) from the centre; the terminal echoes it uplink. */
export function buildLinkTest(
  target: Szy206Target,
  meaning: Exclude<LinkTestMeaning, 'unknown'> = 'keep-alive',
): Uint8Array {
  return frame(target, 'down', szy206Afn.linkTest, Uint8Array.of(linkTestCode(meaning)), 0, 0);
}

export function buildReadClock(target: Szy206Target): Uint8Array {
  return frame(target, 'down', szy206Afn.queryClock);
}

export type Szy206SetOptions = { readonly password: Szy206Password; readonly timeLabel: Szy206TimeLabel };

/** AFN 11H: clock (6 B BCD) + PW + Tp, like every setting command. */
export function buildSetClock(
  target: Szy206Target,
  clock: Szy206Clock,
  options: Szy206SetOptions,
): Uint8Array {
  const edition = target.edition ?? 'szy206-2016';
  return frame(
    target,
    'down',
    szy206Afn.setClock,
    concatBytes([
      encodeClock(clock),
      encodePassword(options.password),
      encodeTimeLabel(options.timeLabel, edition),
    ]),
  );
}

export function buildReadWorkMode(target: Szy206Target): Uint8Array {
  return frame(target, 'down', szy206Afn.queryWorkMode);
}

export function buildReadReportIntervals(target: Szy206Target): Uint8Array {
  return frame(target, 'down', szy206Afn.queryReportIntervals);
}

/** AFN B0H: the control function code picks the kind (3 = flow, 2 = water level, 10 = water quality …). */
export function buildQueryRealtime(target: Szy206Target, kindCode: number): Uint8Array {
  return frame(target, 'down', szy206Afn.queryRealtime, undefined, kindCode);
}

export function buildQueryStatusAlarm(target: Szy206Target): Uint8Array {
  return frame(target, 'down', szy206Afn.queryStatusAlarm);
}

/**
 * The centre's confirmation of an uplink report (C0H self-report, 81H random alarm): the report's own
 * control byte with DIR cleared, the same address and AFN, no data [L — jetlinks; the standard's exact
 * content is not confirmed, see protocols.md 1.9]. A terminal in 自报确认 mode waits for it.
 */
export function buildReportConfirmation(
  target: Szy206Target,
  uplink: { readonly control: Szy206Control; readonly afn: number },
): Uint8Array {
  return encodeSzy206Frame({
    control: { ...uplink.control, direction: 'down', split: false },
    address: target.address,
    afn: uplink.afn,
  });
}

// ---- uplink (terminal → centre), for the simulator and tests ----

export function buildLinkTestUp(
  target: Szy206Target,
  meaning: Exclude<LinkTestMeaning, 'unknown'>,
): Uint8Array {
  return frame(target, 'up', szy206Afn.linkTest, Uint8Array.of(linkTestCode(meaning)), 0, 0);
}

/** Answer to 51H (or the echo of 11H when `afn` says so). */
export function buildClockReply(
  target: Szy206Target,
  clock: Szy206Clock,
  afn: number = szy206Afn.queryClock,
): Uint8Array {
  return frame(target, 'up', afn, encodeClock(clock));
}

export function buildWorkModeReply(
  target: Szy206Target,
  mode: Szy206WorkMode,
  afn: number = szy206Afn.queryWorkMode,
): Uint8Array {
  return frame(target, 'up', afn, Uint8Array.of(szy206WorkModes.indexOf(mode)));
}

/** Intervals per data kind code (1 雨量, 2 水位, 3 流量 …), minutes 0–9999. */
export function buildReportIntervalsReply(
  target: Szy206Target,
  intervals: readonly { readonly kindCode: number; readonly minutes: number }[],
): Uint8Array {
  let mask = 0;
  const sorted = [...intervals]
    .filter((i) => i.kindCode >= 1 && i.kindCode <= 16)
    .sort((a, b) => a.kindCode - b.kindCode);
  const parts: Uint8Array[] = [];
  for (const i of sorted) {
    mask |= 1 << (i.kindCode - 1);
    parts.push(digitsToBcdLsbFirst(String(Math.max(0, Math.min(9999, Math.trunc(i.minutes)))), 2));
  }
  return frame(target, 'up', szy206Afn.queryReportIntervals, concatBytes([wordLe(mask), ...parts]));
}

export type Szy206Reading = {
  readonly kindCode: number;
  /** Values of the kind's group in order, repeated per point (flow: flow, volume, flow, volume …). */
  readonly values?: readonly (number | null)[];
  /** Kind 10 only: water-quality parameters by mask bit. */
  readonly quality?: readonly { readonly bit: number; readonly value: number | null }[];
  readonly alarmWord: number;
  readonly statusWord: number;
};

function readingBytes(reading: Szy206Reading, edition: Szy206Edition): Uint8Array {
  const values =
    reading.kindCode === 10
      ? encodeWaterQuality(reading.quality ?? [], edition)
      : encodeSzy206Values(reading.kindCode, reading.values ?? []);
  return concatBytes([values, wordLe(reading.alarmWord), wordLe(reading.statusWord)]);
}

export function buildRealtimeReply(target: Szy206Target, reading: Szy206Reading): Uint8Array {
  return frame(
    target,
    'up',
    szy206Afn.queryRealtime,
    readingBytes(reading, target.edition ?? 'szy206-2016'),
    reading.kindCode,
  );
}

export function buildStatusAlarmReply(
  target: Szy206Target,
  alarmWord: number,
  statusWord: number,
): Uint8Array {
  return frame(
    target,
    'up',
    szy206Afn.queryStatusAlarm,
    concatBytes([wordLe(alarmWord), wordLe(statusWord)]),
  );
}

/** AFN C0H self-report: values + alarm + status + Tp. */
export function buildSelfReport(
  target: Szy206Target,
  reading: Szy206Reading,
  timeLabel: Szy206TimeLabel,
): Uint8Array {
  const edition = target.edition ?? 'szy206-2016';
  return frame(
    target,
    'up',
    szy206Afn.selfReport,
    concatBytes([readingBytes(reading, edition), encodeTimeLabel(timeLabel, edition)]),
    reading.kindCode,
  );
}
