import {
  decodeRegisterValue,
  registerWidth,
  type MeterProfile,
  type ProfileRegister,
} from '#shared/diagnostics/meter-profile';
import { pollingRunPointLimit, type PollingRunRecord } from '#shared/domain/schemas/diagnostic-session';
import type { DecodedValue } from '#shared/host/contract/diagnostics';
import type { HostArgs, HostMethod, HostValue } from '#shared/host/contract/index';
import type { LabelNames } from '#shared/protocols/common/label';
import { protocolLabel } from '#shared/protocols/labels';
import type { PollPoint, PollStats } from '#shared/protocols/polling-run';
import { fail, isErrorCode, ok, type Result } from '#shared/result';
import type { CallOutcome } from './lib/use-line';

/**
 * What a polling run can watch: a register of the meter profile (read over Modbus), a real-time value
 * of a SZY206 / SL/T 427 RTU (asked for each time), or a value the line hears in self-reports (SL651,
 * HJ 212…: the run samples the latest one heard since its previous point).
 */
export type PollingSource =
  | {
      readonly kind: 'modbus';
      readonly id: string;
      readonly names: LabelNames;
      readonly unit: string;
      readonly register: ProfileRegister;
    }
  | {
      readonly kind: 'szy206' | 'listen';
      readonly id: string;
      readonly value: DecodedValue;
      readonly names: LabelNames | null;
      readonly unit: string;
    };

/** The registers of a profile, in the profile's order. */
export function modbusSources(profile: MeterProfile | undefined): PollingSource[] {
  return (profile?.registers ?? []).map((register) => ({
    kind: 'modbus',
    id: `modbus:${profile?.id ?? ''}/${register.key}`,
    names: register.name,
    unit: register.unit,
    register,
  }));
}

/** The numeric values of a decoded answer or heard frame, one source each (by code, else by name). */
export function decodedSources(kind: 'szy206' | 'listen', values: readonly DecodedValue[]): PollingSource[] {
  const seen = new Set<string>();
  const out: PollingSource[] = [];
  for (const value of values) {
    const id = `${kind}:${value.code ?? value.name}`;
    if (typeof value.value !== 'number' || seen.has(id)) {
      continue;
    }
    seen.add(id);
    out.push({
      kind,
      id,
      value,
      names: value.code === undefined ? null : protocolLabel(value.code),
      unit: value.unit ?? '',
    });
  }
  return out;
}

/** The watched value out of decoded values (the same code, else the same decoder name). */
export function pickDecoded(values: readonly DecodedValue[], watched: DecodedValue): number | null {
  const found = values.find((v) =>
    watched.code === undefined ? v.name === watched.name : v.code === watched.code,
  );
  return found !== undefined && typeof found.value === 'number' ? found.value : null;
}

type Call = <M extends HostMethod>(method: M, args: HostArgs<M>) => Promise<CallOutcome<HostValue<M>>>;

export type ReadContext = {
  readonly call: Call;
  readonly unitId: number;
  readonly rtuAddress: { readonly division: string; readonly station: number };
  readonly rtuDialect: 'szy206-2016' | 'sl427-2021';
  /** The latest value heard for a listened source, with when it arrived. */
  readonly heard: (source: PollingSource) => { readonly at: number; readonly value: number } | null;
  readonly timeoutMs: number;
};

function failed<T>(outcome: { code: string; message: string }): Result<T> {
  return fail(isErrorCode(outcome.code) ? outcome.code : 'protocol', outcome.message);
}

/** One read of the source: what `startPolling` calls at each slot. */
export function sourceReader(source: PollingSource, ctx: ReadContext): () => Promise<Result<number>> {
  if (source.kind === 'modbus') {
    const r = source.register;
    return async () => {
      const answer = await ctx.call('diagnostics.modbusRead', {
        unitId: ctx.unitId,
        functionCode: r.functionCode,
        address: r.address,
        quantity: registerWidth(r.type),
        timeoutMs: ctx.timeoutMs,
      });
      return answer.ok ? ok(decodeRegisterValue(r, answer.value.registers)) : failed(answer);
    };
  }
  if (source.kind === 'szy206') {
    return async () => {
      const answer = await ctx.call('diagnostics.szy206Query', {
        query: 'realtime',
        address: ctx.rtuAddress,
        dialect: ctx.rtuDialect,
        timeoutMs: ctx.timeoutMs,
      });
      if (!answer.ok) {
        return failed(answer);
      }
      const value = pickDecoded(answer.value.values, source.value);
      return value === null ? fail('protocol', 'the answer lacks the watched value') : ok(value);
    };
  }
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const heard = ctx.heard(source);
    if (heard === null || heard.at <= last) {
      return Promise.resolve(fail('not-found', 'no report with the value since the previous point'));
    }
    last = heard.at;
    return Promise.resolve(ok(heard.value));
  };
}

/** The run as the session keeps it: the figures over every point, at most the schema's limit of points. */
export function pollingRunRecord(input: {
  readonly source: PollingSource;
  readonly language: string;
  readonly everyMs: number;
  readonly durationMs: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly points: readonly PollPoint[];
  readonly stats: PollStats;
}): PollingRunRecord {
  const { source, points, stats } = input;
  const keptEvery = Math.max(1, Math.ceil(points.length / pollingRunPointLimit));
  const kept = points.filter((_, i) => i % keptEvery === 0);
  const names = source.names;
  const zh = input.language.startsWith('zh');
  const name =
    names === null ? (source.kind === 'modbus' ? source.id : source.value.name) : zh ? names.zh : names.en;
  return {
    name: name.slice(0, 80),
    ...(names === null ? {} : { names }),
    source: source.id.slice(0, 120),
    unit: source.unit === '' ? null : source.unit.slice(0, 20),
    everyMs: Math.round(input.everyMs),
    durationMs: Math.round(input.durationMs),
    startedAt: Math.round(input.startedAt),
    endedAt: Math.round(Math.max(input.endedAt, input.startedAt)),
    count: stats.count,
    valid: stats.valid,
    min: stats.min,
    max: stats.max,
    mean: stats.mean,
    std: stats.std,
    keptEvery,
    offsetsMs: kept.map((p) => Math.max(0, Math.round(p.at - input.startedAt))),
    values: kept.map((p) => p.value),
  };
}
