import { describe, expect, it } from 'vitest';
import { encodeRegisterValue, meterProfileSchema } from '#shared/diagnostics/meter-profile';
import { buildDiagnosticSession } from '#shared/diagnostics/session-record';
import { pollStats, type PollPoint } from '#shared/protocols/polling-run';
import type { CallOutcome } from './lib/use-line';
import {
  decodedSources,
  modbusSources,
  pickDecoded,
  pollingRunRecord,
  sourceReader,
  type ReadContext,
} from './polling-source';

// Two registers as the built-in 1010 converter profile has them (float32 flow at 4112, int32 total).
const profile = meterProfileSchema.parse({
  id: 'em-converter-1010',
  name: { zh: '电磁流量计', en: 'EM flowmeter' },
  defaults: { baudRate: 9600, parity: 'none', stopBits: 1, unitId: 1 },
  registers: [
    {
      key: 'flow',
      name: { zh: '瞬时流量', en: 'Flow rate' },
      address: 4112,
      functionCode: 3,
      type: 'float32',
      unit: 'm³/h',
    },
    {
      key: 'totalInt',
      name: { zh: '累计整数', en: 'Total (integer)' },
      address: 4120,
      functionCode: 3,
      type: 'int32',
      unit: 'm³',
    },
  ],
});
const realtime = [
  { name: '瞬时流量', code: 'szy206-value:flow', value: 12.5, unit: 'm³/h' },
  { name: '累计水量', code: 'szy206-value:volume', value: 3400, unit: 'm³' },
  { name: '状态', value: '正常', unit: null },
];

/**
 * The host's answers, scripted: a unit test has no serial line (the e2e drives the same reads over a
 * pty with the simulator).
 */
function context(answers: CallOutcome<unknown>[], calls: unknown[][] = []): ReadContext {
  return {
    call: ((method: string, args: unknown) => {
      calls.push([method, args]);
      return Promise.resolve(answers.shift() ?? { ok: false, code: 'timeout', message: 'none' });
    }) as ReadContext['call'],
    unitId: 7,
    rtuAddress: { division: '530381', station: 12 },
    rtuDialect: 'sl427-2021',
    heard: () => null,
    timeoutMs: 800,
  };
}

describe('polling sources', () => {
  it('offers every register of the meter profile and the numeric decoded values, once each', () => {
    expect(modbusSources(profile).map((s) => s.id)).toContain('modbus:em-converter-1010/flow');
    expect(modbusSources(undefined)).toEqual([]);
    const szy = decodedSources('szy206', [...realtime, realtime[0]!]);
    expect(szy.map((s) => s.id)).toEqual(['szy206:szy206-value:flow', 'szy206:szy206-value:volume']);
    expect(szy[0]!.names).not.toBeNull();
  });

  it.each([
    [{ name: '瞬时流量', code: 'szy206-value:flow', value: 0, unit: null }, 12.5],
    [{ name: '累计水量', code: 'szy206-value:volume', value: 0, unit: null }, 3400],
    [{ name: '瞬时流量', code: 'szy206-value:other', value: 0, unit: null }, null],
    [{ name: '状态', value: 0, unit: null }, null],
  ])('picks %o out of an answer as %s', (watched, expected) => {
    expect(pickDecoded(realtime, watched)).toBe(expected);
  });

  it('reads a profile register with its own function code, address and width and decodes it', async () => {
    const flow = modbusSources(profile).find((s) => s.id.endsWith('/flow'))!;
    if (flow.kind !== 'modbus') {
      throw new Error('flow is a register');
    }
    const calls: unknown[][] = [];
    const words = encodeRegisterValue(flow.register, 42.25);
    const read = sourceReader(
      flow,
      context(
        [
          { ok: true, value: { registers: words, summary: '' } },
          { ok: false, code: 'timeout', message: 'no answer in 800 ms' },
        ],
        calls,
      ),
    );
    expect(await read()).toEqual({ ok: true, value: 42.25 });
    expect(calls[0]).toEqual([
      'diagnostics.modbusRead',
      { unitId: 7, functionCode: flow.register.functionCode, address: 4112, quantity: 2, timeoutMs: 800 },
    ]);
    expect(await read()).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('asks the RTU for its real-time values each time and keeps the watched one', async () => {
    const [flow] = decodedSources('szy206', realtime);
    const calls: unknown[][] = [];
    const answer = { query: 'realtime', summary: '', values: realtime, snapshot: {} };
    const read = sourceReader(
      flow!,
      context(
        [
          { ok: true, value: answer },
          { ok: true, value: { ...answer, values: realtime.slice(1) } },
        ],
        calls,
      ),
    );
    expect(await read()).toEqual({ ok: true, value: 12.5 });
    expect(calls[0]![1]).toMatchObject({
      query: 'realtime',
      dialect: 'sl427-2021',
      address: { station: 12 },
    });
    expect(await read()).toMatchObject({ ok: false, error: { code: 'protocol' } });
  });

  it('samples a listened value only when a new report brought it', async () => {
    const [flow] = decodedSources('listen', realtime);
    let heard: { at: number; value: number } | null = null;
    const read = sourceReader(flow!, { ...context([]), heard: () => heard });
    expect(await read()).toMatchObject({ ok: false, error: { code: 'not-found' } });
    heard = { at: 10, value: 1.5 };
    expect(await read()).toEqual({ ok: true, value: 1.5 });
    expect(await read()).toMatchObject({ ok: false });
    heard = { at: 20, value: 1.75 };
    expect(await read()).toEqual({ ok: true, value: 1.75 });
  });
});

describe('a polling run kept with the session', () => {
  const startedAt = 1_700_000_000_000;
  const points = (n: number): PollPoint[] =>
    Array.from({ length: n }, (_, i) => ({
      at: startedAt + i * 200,
      value: i % 10 === 3 ? null : i,
      error: i % 10 === 3 ? 'timeout' : null,
    }));
  const flow = modbusSources(profile).find((s) => s.id.endsWith('/flow'))!;

  it.each([
    [10, 1, 10],
    [2000, 1, 2000],
    [2001, 2, 1001],
    [10_000, 5, 2000],
  ])('a run of %i points keeps every %i-th point (%i kept)', (n, every, kept) => {
    const all = points(n);
    const record = pollingRunRecord({
      source: flow,
      language: 'en-US',
      everyMs: 200,
      durationMs: 3_600_000,
      startedAt,
      endedAt: startedAt + n * 200,
      points: all,
      stats: pollStats(all),
    });
    expect(record.keptEvery).toBe(every);
    expect(record.offsetsMs).toHaveLength(kept);
    expect(record.values).toHaveLength(kept);
    expect(record.offsetsMs[1]).toBe(every * 200);
    // The figures are over every point, not only the kept ones.
    expect(record.count).toBe(n);
    expect(record.name).toBe(flow.names!.en);
    expect(record.source).toBe('modbus:em-converter-1010/flow');
  });

  it('goes into a diagnostic session that validates, and the session keeps at most 5 runs', () => {
    const all = points(10_000);
    const record = pollingRunRecord({
      source: flow,
      language: 'zh-CN',
      everyMs: 200,
      durationMs: 3_600_000,
      startedAt,
      endedAt: startedAt + 2_000_000,
      points: all,
      stats: pollStats(all),
    });
    const built = buildDiagnosticSession(
      {
        site: { id: 'site-1', divisionCode: '530381' },
        equipmentId: null,
        patrolId: null,
        faultId: null,
        protocol: 'modbus-rtu',
        portPath: '/dev/pts/3',
        serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
        startedAt,
        frames: [],
        values: [],
        verdicts: [],
        snapshot: null,
        summary: null,
        pollingRuns: Array.from({ length: 6 }, (_, i) => ({ ...record, everyMs: 200 + i })),
      },
      {
        deviceId: 'dev-1',
        operatorId: 'op-1',
        now: () => startedAt + 3_000_000,
        newId: () => '01JD0000000000000000000000',
      },
    );
    expect(built.ok, built.ok ? '' : built.error.message).toBe(true);
    if (built.ok) {
      expect(built.value.pollingRuns?.map((r) => r.everyMs)).toEqual([201, 202, 203, 204, 205]);
      expect(built.value.pollingRuns?.[0]?.name).toBe(flow.names!.zh);
    }
  });
});
