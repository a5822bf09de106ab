import type { ProtocolId } from '#shared/domain/primitives';
import type { HostArgs } from '#shared/host/contract/index';
import { sl651QueryElement } from '#shared/protocols/sl651/history';

/**
 * Which history query the 补报 card offers for the site's station, and the host call it makes: pure,
 * so the panel only shows the fields of the protocol and passes what this returns.
 */
export type BackfillProtocol = 'szy206' | 'sl651' | 'hj212';

export function backfillProtocolOf(protocol: ProtocolId): BackfillProtocol | null {
  switch (protocol) {
    case 'szy206-2016':
    case 'sl427-2021':
      return 'szy206';
    case 'sl651-2014':
      return 'sl651';
    case 'hj212-2017':
      return 'hj212';
    case 'modbus-rtu':
    case 'nmea-0183':
      return null;
  }
}

/** The station's identity as the crew confirms it in the card (prefilled from the site's station). */
export type BackfillStation =
  | {
      readonly kind: 'szy206';
      readonly address: { readonly division: string; readonly station: number };
      readonly dialect: 'szy206-2016' | 'sl427-2021';
    }
  | {
      readonly kind: 'sl651';
      readonly centerAddress: number;
      readonly stationAddress: string;
      readonly password: string;
    }
  | { readonly kind: 'hj212'; readonly mn: string; readonly st: string; readonly pw: string };

/**
 * Monitored elements a 38H query is sent for: the finding's element when the gap is a finding of an
 * element SL651 carries, else every element of the site that SL651 carries (at most 8, one query each).
 */
export function sl651QueryElements(siteElements: readonly string[], findingElement: string | null): string[] {
  if (findingElement !== null && sl651QueryElement(findingElement) !== null) {
    return [findingElement];
  }
  return [...new Set(siteElements)].filter((e) => sl651QueryElement(e) !== null).slice(0, 8);
}

export type BackfillQueryProblem = 'stationAddress' | 'password' | 'mn' | 'st' | 'pw' | 'noElement';

/**
 * The `diagnostics.history` arguments for a window, or the field that keeps the query from being sent
 * (named by its catalog key under `backfill.invalid`).
 */
export function backfillHistoryArgs(
  station: BackfillStation,
  window: { readonly from: number; readonly to: number },
  site: { readonly reportIntervalMinutes: number; readonly elements: readonly string[] },
  findingElement: string | null,
  timeoutMs = 5000,
):
  | { readonly ok: true; readonly args: HostArgs<'diagnostics.history'> }
  | {
      readonly ok: false;
      readonly problem: BackfillQueryProblem;
    } {
  const span = { from: window.from, to: window.to, timeoutMs };
  if (station.kind === 'szy206') {
    return { ok: true, args: { address: station.address, dialect: station.dialect, type: 2, ...span } };
  }
  const interval = Math.min(1440, site.reportIntervalMinutes);
  if (station.kind === 'sl651') {
    const elements = sl651QueryElements(site.elements, findingElement);
    if (!/^[0-9A-Fa-f]{10}$/.test(station.stationAddress)) {
      return { ok: false, problem: 'stationAddress' };
    }
    if (!/^[0-9A-Fa-f]{4}$/.test(station.password)) {
      return { ok: false, problem: 'password' };
    }
    if (elements.length === 0) {
      return { ok: false, problem: 'noElement' };
    }
    return {
      ok: true,
      args: {
        protocol: 'sl651-2014',
        centerAddress: station.centerAddress,
        stationAddress: station.stationAddress,
        password: station.password,
        intervalMinutes: interval,
        elements,
        ...span,
      },
    };
  }
  if (!/^[0-9A-Za-z]{1,24}$/.test(station.mn)) {
    return { ok: false, problem: 'mn' };
  }
  if (!/^\d{2}$/.test(station.st)) {
    return { ok: false, problem: 'st' };
  }
  if (!/^[^;=&,]{1,6}$/.test(station.pw)) {
    return { ok: false, problem: 'pw' };
  }
  return {
    ok: true,
    args: {
      protocol: 'hj212-2017',
      mn: station.mn,
      st: station.st,
      pw: station.pw,
      intervalMinutes: interval,
      ...span,
    },
  };
}

/** The protocol a saved batch is filed under. */
export function backfillBatchProtocol(station: BackfillStation): ProtocolId {
  return station.kind === 'szy206' ? station.dialect : station.kind === 'sl651' ? 'sl651-2014' : 'hj212-2017';
}
