import { describe, expect, it } from 'vitest';
import { createLineSession } from '../protocols/line-session';
import { createManualTimers, createMemoryLinkPair } from '../protocols/line-session-testing';
import {
  buildLinkTest,
  buildQueryRealtime,
  buildQueryStatusAlarm,
  buildReadClock,
  buildReadReportIntervals,
  buildReadWorkMode,
  buildSetClock,
} from '../protocols/szy206/commands';
import { decodeSzy206Message, type Szy206Message } from '../protocols/szy206/message';
import { szy206ReplyDecoder } from '../protocols/szy206/reply';
import { clockAt } from '../protocols/szy206/diagnostics';
import { runSimulator } from './run-simulator';
import { createSzy206Rtu } from './szy206-rtu';

const address = { mode: 'division', division: '530381', station: 13 } as const;
const target = { address };
const now = Date.UTC(2026, 10, 25, 4, 48, 4);

function ask(rtu: ReturnType<typeof createSzy206Rtu>, frame: Uint8Array, at = now): Szy206Message[] {
  return rtu.receive(frame, at).map((reply) => {
    const r = decodeSzy206Message(reply);
    if (r.status !== 'ok') {
      throw new Error(r.status === 'invalid' ? r.reason : 'incomplete');
    }
    return r.value;
  });
}

describe('createSzy206Rtu', () => {
  it('answers every query of the RTU page', () => {
    const rtu = createSzy206Rtu({
      address,
      clockOffsetMs: 95_000,
      alarmWord: 0x0001,
      workMode: 'self-report',
    });
    expect(ask(rtu, buildLinkTest(target))[0]?.body).toEqual({
      kind: 'link-test',
      code: 0xf2,
      meaning: 'keep-alive',
    });
    expect(ask(rtu, buildReadClock(target))[0]?.body).toEqual({
      kind: 'clock',
      clock: clockAt(now + 95_000),
    });
    expect(ask(rtu, buildReadWorkMode(target))[0]?.body).toEqual({ kind: 'work-mode', mode: 'self-report' });
    expect(ask(rtu, buildReadReportIntervals(target))[0]?.body).toMatchObject({
      kind: 'report-intervals',
      intervals: [{ minutes: 60 }],
    });
    const realtime = ask(rtu, buildQueryRealtime(target, 3))[0];
    expect(realtime?.body.kind === 'values' && realtime.body.values.map((v) => v.key)).toEqual([
      'flow',
      'volume',
    ]);
    const status = ask(rtu, buildQueryStatusAlarm(target))[0];
    expect(
      status?.body.kind === 'status-alarm' && [status.body.alarms.word, status.body.status.workMode],
    ).toEqual([1, 'self-report']);
    expect(rtu.served).toHaveLength(6);
  });

  it('sets its clock and keeps it', () => {
    const rtu = createSzy206Rtu({ address, clockOffsetMs: -3_600_000 });
    const clock = clockAt(now);
    const reply = ask(
      rtu,
      buildSetClock(target, clock, {
        password: { algorithm: 0, key: 0 },
        timeLabel: { ...clock, allowedDelayMinutes: 0 },
      }),
    );
    expect(reply[0]).toMatchObject({ afn: 0x11, body: { kind: 'clock', clock } });
    expect(ask(rtu, buildReadClock(target), now + 10_000)[0]?.body).toEqual({
      kind: 'clock',
      clock: clockAt(now + 10_000),
    });
  });

  it('ignores other stations, answers none to a broadcast, and survives garbage', () => {
    const rtu = createSzy206Rtu({ address });
    expect(ask(rtu, buildReadClock({ address: { ...address, station: 14 } }))).toEqual([]);
    expect(ask(rtu, buildReadClock({ address: { ...address, station: 65535 } }))).toEqual([]);
    expect(rtu.receive(Uint8Array.of(0x68, 0xff, 0x00, 0x16, 0x68), now)).toEqual([]);
  });

  it('self-reports on its schedule after logging in', () => {
    const rtu = createSzy206Rtu({ address, reportEveryMs: 60_000, login: true });
    const afns = (t: number) =>
      (rtu.unsolicited?.(t) ?? []).map((f) => (decodeSzy206Message(f).status === 'ok' ? f[9] : -1));
    expect(afns(now)).toEqual([0x02, 0xc0]);
    expect(afns(now + 30_000)).toEqual([]);
    expect(afns(now + 60_000)).toEqual([0xc0]);
  });

  it('shows named faults the centre can tell apart', () => {
    const rtu = createSzy206Rtu({ address });
    const [reply] = rtu.receive(buildQueryStatusAlarm(target), now);
    const reason = (bytes: Uint8Array) => {
      const r = szy206ReplyDecoder({ address, afn: 0x5e }, 'szy206-2016')(bytes);
      return r.status === 'invalid' ? r.reason : r.status;
    };
    if (reply === undefined) {
      throw new Error('no reply');
    }
    expect(reason(rtu.withFault?.(reply, 'bad-crc') ?? reply)).toMatch(/^CS expected 0x.., found 0x..$/);
    expect(reason(rtu.withFault?.(reply, 'wrong-address') ?? reply)).toBe(
      'answer from another terminal (530381/14)',
    );
    expect(reason(rtu.withFault?.(reply, 'exception') ?? reply)).toMatch(/needs 4 data bytes, found 0/);
  });

  it('answers through the runner and a line session on a byte link', async () => {
    const timers = createManualTimers(now);
    const [centre, field] = createMemoryLinkPair();
    const rtu = createSzy206Rtu({ address, reportEveryMs: 0 });
    const run = runSimulator(rtu, field, { timers, unsolicitedTickMs: 0 });
    const session = createLineSession({ link: centre, timers });
    const pending = session.transact(buildReadWorkMode(target), {
      decode: szy206ReplyDecoder({ address, afn: 0x52 }, 'szy206-2016'),
      timeoutMs: 500,
    });
    await timers.advance(10);
    const result = await pending;
    expect(result.ok && result.value.body).toEqual({ kind: 'work-mode', mode: 'self-report' });
    await run.stop();
    await session.close();
  });
});

describe('createSzy206Rtu totaliser', () => {
  it('counts volume from its first reading at the base flow', () => {
    const rtu = createSzy206Rtu({ address, baseFlow: 0.5, baseVolume: 1000 });
    expect(rtu.reading(3, now).values?.[1]).toBe(1000);
    expect(rtu.reading(3, now + 3_600_000).values?.[1]).toBe(2800);
  });
});
