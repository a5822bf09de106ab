import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import { backfillCounts, compareBackfillSlots } from '#shared/protocols/backfill';
import { systemTimers } from '#shared/protocols/common/byte-link';
import { toHex } from '#shared/protocols/common/hex';
import { hj212HistoryPlan } from '#shared/protocols/hj212/history';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { szy206DiagnosticsProtocol } from '#shared/protocols/szy206/index';
import { createHj212Analyser } from '#shared/sim/hj212-analyser';
import { runSimulator } from '#shared/sim/run-simulator';
import type { Simulator } from '#shared/sim/simulator';
import { createSl651Station } from '#shared/sim/sl651-station';
import { createDiagnosticsLine } from './diagnostics-line';
import { historyPulls, mergeHistoryAnswers, runDiagnosticsHistory } from './diagnostics-history';
import { createProfileStore } from './diagnostics-profiles';
import { rawListenDecoders } from './diagnostics-protocols';
import { createDiagnosticsService } from './diagnostics-service';
import { openSerialLink } from './serial-link';
import { missingTool, openPtyPair, type PtyPair } from './testing/pty-pair';

const beijing = (text: string) => Date.parse(`${text}+08:00`);
const ctx = { transport: 'websocket' } as const;

describe('history on the diagnostics line', () => {
  it('logs the query, each acknowledged upload and each 9014 in the frame log', async () => {
    const mn = '88888880000001';
    const station = { mn, st: '21', pw: '123456' };
    const gap = { from: beijing('2026-07-01T02:00:00'), to: beijing('2026-07-01T04:00:00') };
    const [centre, field] = createMemoryLinkPair();
    const run = runSimulator(
      createHj212Analyser({ ...station, history: { gaps: [gap], uploadFlag: 5 } }),
      field,
      {
        unsolicitedTickMs: 0,
      },
    );
    const frames: RecordedFrame[] = [];
    const line = createDiagnosticsLine({
      link: centre,
      timers: systemTimers,
      onFrame: (f) => frames.push(f),
    });
    const plan = hj212HistoryPlan(station, {
      kind: 'hour',
      from: beijing('2026-07-01T00:00:00'),
      to: beijing('2026-07-01T06:00:00'),
      qn: '20260701060000000',
    });
    const outcome = await runDiagnosticsHistory(line, plan, 500);
    await line.close();
    await run.stop();
    expect(outcome).toMatchObject({ status: 'gap', gaps: [gap.from, gap.from + 3_600_000] });
    // 4 stored hours: query, then per upload an answer and a 9014, then the 9012 after the last ack.
    expect(frames.map((f) => `${f.direction} ${f.summary ?? ''}`)).toEqual([
      'tx history query',
      ...Array.from({ length: 4 }, () => [
        'rx history answer, acknowledgement due',
        'tx history acknowledgement',
      ]).flat(),
      'rx history answer, last frame',
    ]);
  });
});

describe('history calls in each protocol’s terms', () => {
  const window = { from: beijing('2026-07-01T00:00:00'), to: beijing('2026-07-02T00:00:00') };
  const now = beijing('2026-07-03T08:00:00');
  let serial = 0;
  const next = () => (serial += 1);

  it('SL651: one 38H per element at the site’s step; an element SL651 has no identifier for is refused', () => {
    const pulls = historyPulls(
      {
        protocol: 'sl651-2014',
        centerAddress: 1,
        stationAddress: '0012345678',
        password: '1234',
        intervalMinutes: 60,
        elements: ['level', 'flow', 'level'],
        ...window,
        timeoutMs: 500,
      },
      now,
      next,
    );
    expect(pulls.map((p) => p.what)).toEqual(['38H level', '38H flow']);
    // Function 38H, ENQ; the step code 04 18 00 01 00 (one hour) and the element identifier 39H.
    const hex = toHex(pulls[0]!.plan.request, '');
    expect(hex.slice(20, 22)).toBe('38');
    expect(hex).toContain('0418000100' + '39');
    expect(() =>
      historyPulls(
        {
          protocol: 'sl651-2014',
          centerAddress: 1,
          stationAddress: '0012345678',
          password: '1234',
          intervalMinutes: 60,
          elements: ['volume'],
          ...window,
          timeoutMs: 500,
        },
        now,
        next,
      ),
    ).toThrow(/no element identifier for "volume"/);
  });

  it('HJ 212: hour data for an hourly site, minute data at a 10-minute site’s interval, day data for a daily one', () => {
    const ask = (intervalMinutes: number) =>
      new TextDecoder().decode(
        historyPulls(
          {
            protocol: 'hj212-2017',
            mn: 'M1',
            st: '21',
            pw: '123456',
            intervalMinutes,
            ...window,
            timeoutMs: 500,
          },
          now,
          next,
        )[0]!.plan.request,
      );
    expect(ask(60)).toMatch(/CN=2061;.*BeginTime=20260701000000;EndTime=20260701230000/);
    expect(ask(10)).toMatch(/CN=2051;.*EndTime=20260701235000/);
    expect(ask(1440)).toMatch(/CN=2031;.*BeginTime=20260701000000;EndTime=20260701000000/);
    expect(() =>
      historyPulls(
        {
          protocol: 'hj212-2017',
          mn: 'M1',
          st: '21',
          pw: '1',
          intervalMinutes: 60,
          from: 5,
          to: 5,
          timeoutMs: 1,
        },
        now,
        next,
      ),
    ).toThrow(/end after it starts/);
  });

  it('answers of several queries merge: the worst status, each reason named by its query, records by time', () => {
    const rec = (time: number, value: number | null) => ({
      key: 'Z',
      element: 'level' as const,
      time,
      value,
      flag: null,
    });
    const merged = mergeHistoryAnswers([
      {
        what: '38H level',
        answer: { status: 'gap', reason: '1 slot(s) without data', records: [rec(2, null)], frames: ['aa'] },
      },
      {
        what: '38H flow',
        answer: { status: 'timeout', reason: 'no answer in 500 ms', records: [rec(1, 3)], frames: [] },
      },
      { what: '38H ph', answer: { status: 'complete', reason: null, records: [], frames: ['bb'] } },
    ]);
    expect(merged.status).toBe('timeout');
    expect(merged.reason).toBe('38H level: 1 slot(s) without data; 38H flow: no answer in 500 ms');
    expect(merged.records.map((r) => r.time)).toEqual([1, 2]);
    expect(merged.frames).toEqual(['aa', 'bb']);
  });
});

const socatMissing = missingTool('socat');
const serialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;

describe.skipIf(socatMissing !== null)(
  'diagnostics.history over a socat pty pair, against the simulators',
  () => {
    let pair: PtyPair;
    const stops: (() => Promise<void>)[] = [];
    beforeEach(async () => {
      pair = await openPtyPair();
    });
    afterEach(async () => {
      for (const stop of stops.splice(0).reverse()) {
        await stop();
      }
      await pair.close();
    });

    /** The station on the pty's far end (every byte it writes kept), the service on the near end, connected. */
    async function connect(sim: Simulator) {
      const field = await openSerialLink(pair.b, serialSettings);
      const sent: string[] = [];
      const write = field.write.bind(field);
      field.write = (bytes: Uint8Array) => {
        sent.push(Buffer.from(bytes).toString('hex'));
        return write(bytes);
      };
      const run = runSimulator(sim, field, { unsolicitedTickMs: 0, fault: 'none' });
      stops.push(() => field.close());
      stops.push(() => run.stop());
      const dir = await mkdtemp(join(tmpdir(), 'wrm-hist-'));
      const service = createDiagnosticsService({
        openLink: (path, serial) => openSerialLink(path, serial),
        emit: () => undefined,
        profiles: createProfileStore({ builtinDir: dir, userDir: dir }),
        logDir: dir,
        szy206: szy206DiagnosticsProtocol,
        listen: rawListenDecoders,
      });
      stops.push(() => service.close());
      await service['diagnostics.open']({ path: pair.a, serial: serialSettings }, ctx);
      return { service, sent };
    }

    const hour = 3_600_000;
    // A two-day window ending twelve hours ago with a planted 6-hour gap inside it.
    const end = Math.floor(Date.now() / hour) * hour - 12 * hour;
    const span = { from: end - 48 * hour, to: end };
    const loss = { from: end - 30 * hour, to: end - 24 * hour };

    it('SL651: the 38H period-data answer in M3 packets, the 6 missing hours, every packet forwarded as sent', async () => {
      const station = { centerAddress: 1, stationAddress: '0012345678', password: '1234' };
      const { service, sent } = await connect(createSl651Station({ ...station, gaps: [loss], maxBody: 60 }));
      const answer = await service['diagnostics.history'](
        {
          protocol: 'sl651-2014',
          ...station,
          intervalMinutes: 60,
          elements: ['level'],
          ...span,
          timeoutMs: 3000,
        },
        ctx,
      );
      expect(answer.status).toBe('gap');
      const slots = compareBackfillSlots(span, 60, answer.records);
      expect(backfillCounts(slots)).toEqual({ slots: 48, recovered: 42, missing: 6 });
      expect(slots.filter((s) => s.state === 'missing').map((s) => s.time)).toEqual(
        Array.from({ length: 6 }, (_, i) => loss.from + i * hour),
      );
      expect(answer.records.find((r) => r.value !== null)).toMatchObject({ key: 'Z', element: 'level' });
      expect(answer.frames.length).toBeGreaterThan(1); // split in M3 packets
      expect(answer.frames.join('')).toBe(sent.join(''));
      const log = await service['diagnostics.frames']({}, ctx);
      expect(log.filter((f) => f.direction === 'tx').map((f) => f.summary)).toEqual(['history query']);
    });

    it('SL651: an element the station does not store times out; what the others returned is kept', async () => {
      const station = { centerAddress: 1, stationAddress: '0012345678', password: '1234' };
      const { service } = await connect(createSl651Station({ ...station, gaps: [loss] }));
      const answer = await service['diagnostics.history'](
        {
          protocol: 'sl651-2014',
          ...station,
          intervalMinutes: 60,
          elements: ['level', 'temperature'],
          ...span,
          timeoutMs: 400,
        },
        ctx,
      );
      expect(answer.status).toBe('timeout');
      expect(answer.reason).toMatch(/^38H level: .*; 38H temperature: /);
      expect(backfillCounts(compareBackfillSlots(span, 60, answer.records)).recovered).toBe(42);
    });

    it('HJ 212: hour data split in PNUM/PNO packets, each acknowledged with 9014; the uploads forwarded, not 9011/9012', async () => {
      const station = { mn: '88888880000001', st: '21', pw: '123456' };
      const { service, sent } = await connect(
        createHj212Analyser({ ...station, history: { gaps: [loss], uploadFlag: 7 } }),
      );
      const answer = await service['diagnostics.history'](
        { protocol: 'hj212-2017', ...station, intervalMinutes: 60, ...span, timeoutMs: 3000 },
        ctx,
      );
      expect(answer.status).toBe('gap');
      const slots = compareBackfillSlots(span, 60, answer.records);
      expect(backfillCounts(slots)).toEqual({ slots: 48, recovered: 42, missing: 6 });
      expect(new Set(answer.records.filter((r) => r.value !== null).map((r) => r.element))).toContain('nh3n');
      // 42 stored hours, each in two packets.
      expect(answer.frames).toHaveLength(84);
      const text = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
      expect(answer.frames.every((f) => /CN=2061;/.test(text(f)) && /PNUM=2;PNO=[12];/.test(text(f)))).toBe(
        true,
      );
      const uploads =
        sent
          .map(text)
          .join('')
          .match(/##\d{4}[^\r]*CN=2061[^\r]*\r\n/g) ?? [];
      expect(answer.frames.map(text)).toEqual(uploads);
      const log = await service['diagnostics.frames']({}, ctx);
      const tx = log.filter((f) => f.direction === 'tx').map((f) => f.summary);
      expect(tx[0]).toBe('history query');
      expect(tx.filter((s) => s === 'history acknowledgement')).toHaveLength(84);
    });

    it('HJ 212: minute data at the site’s 10-minute interval, plain uploads', async () => {
      const station = { mn: '88888880000002', st: '21', pw: '123456' };
      const { service } = await connect(
        createHj212Analyser({ ...station, history: { gaps: [loss], uploadFlag: 4, minuteStep: 10 } }),
      );
      const short = { from: loss.from - 2 * hour, to: loss.from + 2 * hour };
      const answer = await service['diagnostics.history'](
        { protocol: 'hj212-2017', ...station, intervalMinutes: 10, ...short, timeoutMs: 3000 },
        ctx,
      );
      expect(answer.status).toBe('gap');
      expect(backfillCounts(compareBackfillSlots(short, 10, answer.records))).toEqual({
        slots: 24,
        recovered: 12,
        missing: 12,
      });
      expect(answer.frames).toHaveLength(12);
    });
  },
);
