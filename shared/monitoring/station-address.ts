import type { stationProtocols } from '../domain/schemas/site';

/**
 * The station address of a site's frames, written one way per protocol so the registry's column and
 * the receiver's look-up agree: SZY206 / SL/T 427 `<6-digit division>-<station number 1–65535>` (A1 +
 * A2; SL/T 427 mode 2: 8 upper-case hex digits), SL651 遥测站地址 as 10 upper-case hex digits, HJ 212
 * MN upper-case (14–24 letters or digits). Input may have leading zeros in the station number and
 * lower-case hex; the canonical form is what is stored and matched.
 */
export type StationProtocol = (typeof stationProtocols)[number];

export type StationAddressResult = { ok: true; address: string } | { ok: false; reason: string };

export function parseStationAddress(protocol: StationProtocol, text: string): StationAddressResult {
  const t = text.trim();
  switch (protocol) {
    case 'szy206-2016':
    case 'sl427-2021': {
      const m = /^(\d{6})[-/](\d{1,5})$/.exec(t);
      if (m !== null) {
        const station = Number(m[2]);
        return station >= 1 && station <= 65535
          ? { ok: true, address: szy206AddressText(m[1] ?? '', station) }
          : { ok: false, reason: `station number ${m[2]} is not 1–65535` };
      }
      if (protocol === 'sl427-2021' && /^[0-9A-Fa-f]{8}$/.test(t)) {
        return { ok: true, address: t.toUpperCase() };
      }
      return {
        ok: false,
        reason: `"${t}" is not <division code>-<station number> (e.g. 530381-13)${protocol === 'sl427-2021' ? ' nor an 8-hex-digit station code' : ''}`,
      };
    }
    case 'sl651-2014':
      return /^[0-9A-Fa-f]{10}$/.test(t)
        ? { ok: true, address: t.toUpperCase() }
        : { ok: false, reason: `"${t}" is not a 10-hex-digit 遥测站地址 (e.g. 0012345678)` };
    case 'hj212-2017':
      return /^[0-9A-Za-z]{14,24}$/.test(t)
        ? { ok: true, address: t.toUpperCase() }
        : { ok: false, reason: `"${t}" is not an MN of 14–24 letters or digits` };
  }
}

/** A1 division + A2 station number as the registry writes them. */
export function szy206AddressText(division: string, station: number): string {
  return `${division}-${station}`;
}
