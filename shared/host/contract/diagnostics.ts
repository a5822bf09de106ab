import { z } from 'zod';
import type { DetectAttempt, DetectCandidate, DetectSummary } from '../../diagnostics/auto-detect';
import { meterProfileSchema, type MeterProfile } from '../../diagnostics/meter-profile';
import type { RtuSnapshot } from '../../diagnostics/rtu-snapshot';
import type { RecordedFrame } from '../../diagnostics/session-record';
import type { LabelledText } from '../../protocols/common/label';
import type { LineCause } from '../../protocols/common/line-cause';
import type { HistoryOutcome } from '../../protocols/history-run';
import type { Hj212Edition } from '../../protocols/hj212/edition';
import { hj212QcChecks, type Hj212QcResult } from '../../protocols/hj212/qc';
import { serialSettingsSchema, type SerialSettings } from '../../domain/schemas/equipment';
import { event, method } from './define';

/**
 * 诊断: one diagnostics line at a time — a serial port held open by the host with the crew's
 * settings. Protocol transactions run in the host beside the port; every byte in and out is recorded
 * and pushed as `diagnostics.frame`, so the page, the saved DiagnosticSession and an exported log all
 * show the same wire.
 */
export type DiagnosticsLineState = {
  readonly state: 'closed' | 'open' | 'busy' | 'listening' | 'detecting';
  readonly path: string | null;
  readonly serial: SerialSettings | null;
  /** Why the line closed on its own (port vanished…), in English for logs. */
  readonly message: string | null;
  /** The same, coded: what the page's banner renders from its catalogs. */
  readonly cause?: LineCause;
};

export type RegisterRead = {
  readonly registers: readonly number[];
  readonly summary: string;
};

export type ProfileValue = {
  readonly key: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly address: number;
  readonly functionCode: 3 | 4;
  readonly raw: readonly number[];
  readonly value: number | null;
  readonly unit: string;
  /** Why this register has no value (exception, timeout), when it has none (English, for logs). */
  readonly error: string | null;
  /** The same, coded (what the page shows, in the reader's language). */
  readonly cause?: LineCause;
};

export type ProfileReading = {
  readonly profileId: string;
  readonly values: readonly ProfileValue[];
  readonly cumulative: { readonly value: number; readonly unit: string } | null;
  /** Flow rate (m³/h) when the profile has a `flow` register in m³/h, for reconciliation. */
  readonly flowRatePerHour: number | null;
  readonly at: number;
};

export type DetectProgress = {
  readonly done: number;
  readonly total: number;
  readonly attempt: DetectAttempt | null;
  readonly current: DetectCandidate | null;
};

export const szy206Queries = ['link-test', 'clock', 'work-mode', 'intervals', 'realtime', 'status'] as const;
export type Szy206Query = (typeof szy206Queries)[number];

/** A decoded value as the host sends it. */
export type DecodedValue = {
  /** The decoder's (Chinese) name: what a reader shows when it does not know `code`. */
  readonly name: string;
  /**
   * Language-independent identity of the name, `<scheme>:<id>` (e.g. `sl651-element:AI`,
   * `hj212-factor:w01018`, `szy206-value:flow`); absent when the decoder has none.
   */
  readonly code?: string;
  readonly value: number | string;
  readonly unit: string | null;
};

export type Szy206Answer = {
  readonly query: Szy206Query;
  /** The summary as the decoder wrote it (Chinese names). */
  readonly summary: string;
  /** The same summary with its names as labels, for the reader's language. */
  readonly summaryParts?: LabelledText;
  readonly values: readonly DecodedValue[];
  /** The part of the configuration snapshot this answer fills. */
  readonly snapshot: Partial<RtuSnapshot>;
};

export type ListenedFrame = {
  readonly at: number;
  readonly protocol: ListenProtocol;
  readonly ok: boolean;
  /** The summary as the decoder wrote it (Chinese names), or why the bytes are not a frame. */
  readonly summary: string;
  /** The same summary with its names as labels, when the frame decoded. */
  readonly summaryParts?: LabelledText;
  readonly hex: string;
  readonly values: readonly DecodedValue[];
  /** HJ 212 frames: the edition the packet speaks and why (2025 facts per public implementations). */
  readonly edition?: { readonly edition: Hj212Edition; readonly reason: string };
};

export const listenProtocols = ['sl651-2014', 'hj212-2017', 'szy206-2016', 'sl427-2021'] as const;
export type ListenProtocol = (typeof listenProtocols)[number];

/** A history pull's answer (补报): the decoded slots, and the RTU's reply frames byte for byte. */
export type HistoryAnswer = {
  readonly status: HistoryOutcome['status'];
  /** Why the status is not `complete` (English, for logs). */
  readonly reason: string | null;
  readonly records: HistoryOutcome['records'];
  /** Each whole reply frame as the RTU sent it, lower-case hex, in order (what is forwarded). */
  readonly frames: readonly string[];
};

export type StoredProfiles = {
  readonly profiles: readonly MeterProfile[];
  readonly problems: readonly { readonly file: string; readonly message: string }[];
};

const path = z.string().min(1).max(260);
const unitId = z.number().int().min(1).max(247);
const timeoutMs = z.number().int().min(50).max(30_000).default(1000);
const rtuAddress = z
  .object({ division: z.string().regex(/^\d{6}$/), station: z.number().int().min(0).max(65535) })
  .strict();
const dialect = z.enum(['szy206-2016', 'sl427-2021']).default('szy206-2016');
const historyTimeoutMs = z.number().int().min(50).max(30_000).default(5000);

export const diagnosticsMethods = {
  'diagnostics.open': method<DiagnosticsLineState>()(
    z.object({ path, serial: serialSettingsSchema }).strict(),
  ),
  'diagnostics.close': method<DiagnosticsLineState>()(z.object({}).strict()),
  'diagnostics.state': method<DiagnosticsLineState>()(z.object({}).strict()),
  /** Frames recorded on the line since it was opened (the page reloads them after a refresh). */
  'diagnostics.frames': method<readonly RecordedFrame[]>()(z.object({}).strict()),
  'diagnostics.modbusRead': method<RegisterRead>()(
    z
      .object({
        unitId,
        functionCode: z.union([z.literal(3), z.literal(4)]),
        address: z.number().int().min(0).max(65535),
        quantity: z.number().int().min(1).max(125),
        timeoutMs,
      })
      .strict(),
  ),
  'diagnostics.modbusWrite': method<{ readonly summary: string }>()(
    z
      .object({
        unitId,
        address: z.number().int().min(0).max(65535),
        values: z.array(z.number().int().min(0).max(0xffff)).min(1).max(123),
        timeoutMs,
      })
      .strict(),
  ),
  'diagnostics.readProfile': method<ProfileReading>()(
    z.object({ unitId, profileId: z.string().min(1).max(80), timeoutMs }).strict(),
  ),
  /** Scans line settings × unit ids; resolves when done or cancelled. Leaves the line closed. */
  'diagnostics.detect': method<DetectSummary>()(
    z
      .object({
        path,
        baudRates: z.array(z.number().int().min(1200).max(115200)).min(1).max(8).optional(),
        parities: z
          .array(z.enum(['none', 'even', 'odd']))
          .min(1)
          .max(3)
          .optional(),
        unitIds: z.array(unitId).min(1).max(247).optional(),
        preferred: z
          .array(
            z
              .object({
                baudRate: z.number().int().min(1200).max(115200).optional(),
                parity: z.enum(['none', 'even', 'odd']).optional(),
                stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
                unitId: unitId.optional(),
              })
              .strict(),
          )
          .max(8)
          .optional(),
        /** Register probed at each candidate (default: holding register 0, one word). */
        probe: z
          .object({
            functionCode: z.union([z.literal(3), z.literal(4)]),
            address: z.number().int().min(0).max(65535),
          })
          .strict()
          .optional(),
        timeoutMs: z.number().int().min(50).max(5000).default(300),
        limit: z.number().int().min(1).max(500).default(120),
        /** The scan stops after this long (a web shell call gives up after 60 s). */
        budgetMs: z.number().int().min(1000).max(55_000).default(45_000),
      })
      .strict(),
  ),
  'diagnostics.detectCancel': method<{ readonly cancelled: boolean }>()(z.object({}).strict()),
  'diagnostics.szy206Query': method<Szy206Answer>()(
    z.object({ query: z.enum(szy206Queries), address: rtuAddress, dialect, timeoutMs }).strict(),
  ),
  /** Sets the terminal clock (explicit; the page confirms first). `time` defaults to the host clock. */
  'diagnostics.szy206SetClock': method<Szy206Answer>()(
    z
      .object({
        address: rtuAddress,
        dialect,
        time: z.number().int().min(0).optional(),
        password: z
          .string()
          .regex(/^\d{1,4}$/)
          .default('0000'),
        timeoutMs,
      })
      .strict(),
  ),
  /**
   * 补报: the station's stored data for a window, in its protocol's terms, on the open line, every frame
   * in the log. SZY206 / SL/T 427 B1H (no `protocol`; `intervalMinutes`: the RTU's storage interval,
   * its 20H setting, which no query reads; null infers it from the number of records); SL651 38H, one
   * query per element at the site's step; HJ 212 2051/2061/2031 with its acknowledgements.
   */
  'diagnostics.history': method<HistoryAnswer>()(
    z.union([
      z
        .object({
          address: rtuAddress,
          dialect,
          type: z.number().int().min(0).max(15).default(2),
          from: z.number().int().min(0),
          to: z.number().int().min(0),
          intervalMinutes: z.number().int().min(1).max(1440).nullable().default(null),
          timeoutMs: historyTimeoutMs,
        })
        .strict(),
      z
        .object({
          protocol: z.literal('sl651-2014'),
          /** 中心站地址 1–255. */
          centerAddress: z.number().int().min(1).max(255),
          /** 遥测站地址, 10 hex digits. */
          stationAddress: z.string().regex(/^[0-9A-Fa-f]{10}$/),
          /** 密码, 4 hex digits. */
          password: z.string().regex(/^[0-9A-Fa-f]{4}$/),
          /** The site's report interval: the query's time step. */
          intervalMinutes: z.number().int().min(1).max(1440),
          /** Monitored elements to ask for, one 38H query each (the answer names its own format). */
          elements: z.array(z.string().min(1).max(40)).min(1).max(8),
          from: z.number().int().min(0),
          to: z.number().int().min(0),
          timeoutMs: historyTimeoutMs,
        })
        .strict(),
      z
        .object({
          protocol: z.literal('hj212-2017'),
          mn: z.string().regex(/^[0-9A-Za-z]{1,24}$/),
          st: z
            .string()
            .regex(/^\d{2}$/)
            .default('21'),
          pw: z
            .string()
            .regex(/^[^;=&,]{1,6}$/)
            .default('123456'),
          /** The site's report interval: day, hour or minute data. */
          intervalMinutes: z.number().int().min(1).max(1440),
          from: z.number().int().min(0),
          to: z.number().int().min(0),
          timeoutMs: historyTimeoutMs,
        })
        .strict(),
    ]),
  ),
  /**
   * Analyser QC on an HJ 212 logger: zero/span send CN 3011 零点/量程校准 (one command in 2017), standard
   * sends 2062 标样核查 (2025, fields unverified). Every frame in the log.
   */
  'diagnostics.hj212Qc': method<Hj212QcResult>()(
    z
      .object({
        check: z.enum(hj212QcChecks),
        polId: z.string().regex(/^[a-z]\d{5}$/),
        mn: z.string().regex(/^[0-9A-Za-z]{1,24}$/),
        st: z
          .string()
          .regex(/^\d{2}$/)
          .default('21'),
        pw: z
          .string()
          .regex(/^[^;=&,]{1,6}$/)
          .default('123456'),
        edition: z.enum(['hj212-2017', 'hj212-2025']).optional(),
        timeoutMs: z.number().int().min(50).max(60_000).default(10_000),
      })
      .strict(),
  ),
  'diagnostics.listenStart': method<DiagnosticsLineState>()(
    z.object({ protocol: z.enum(listenProtocols) }).strict(),
  ),
  'diagnostics.listenStop': method<DiagnosticsLineState>()(z.object({}).strict()),
  /** Sends bytes as typed (hex or text), optionally with a checksum appended; waits `waitMs` for replies. */
  'diagnostics.rawSend': method<{ readonly sentHex: string; readonly received: readonly RecordedFrame[] }>()(
    z
      .object({
        mode: z.enum(['hex', 'text']),
        data: z.string().min(1).max(4000),
        crc: z.enum(['none', 'modbus', 'szy-crc8']).default('none'),
        waitMs: z.number().int().min(0).max(10_000).default(500),
      })
      .strict(),
  ),
  /** Writes the recorded frames to `<dataDir>/diagnostics/<name>.log` (text, one frame a line). */
  'diagnostics.exportLog': method<{ readonly path: string; readonly frames: number }>()(
    z
      .object({
        name: z
          .string()
          .regex(/^[\w.-]{1,80}$/)
          .optional(),
      })
      .strict(),
  ),
  'diagnostics.clearLog': method<{ readonly cleared: number }>()(z.object({}).strict()),
  'diagnostics.listProfiles': method<StoredProfiles>()(z.object({}).strict()),
  /** Saves a user profile to `<dataDir>/meter-profiles/<id>.json`; built-in ids cannot be overwritten. */
  'diagnostics.saveProfile': method<MeterProfile>()(z.object({ profile: meterProfileSchema }).strict()),
};

export const diagnosticsEvents = {
  'diagnostics.frame': event<RecordedFrame>(),
  'diagnostics.state': event<DiagnosticsLineState>(),
  'diagnostics.detectProgress': event<DetectProgress>(),
  'diagnostics.listened': event<ListenedFrame>(),
};
