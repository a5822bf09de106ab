import { z } from 'zod';
import { event, method } from './define';

/**
 * A GNSS receiver on a serial port (NMEA 0183 GGA/RMC at any baud rate). The host reads it and pushes
 * fixes; the map shows them as the crew's position. Positions are WGS84 as the receiver gives them.
 */
export const gnssBaudRates = [4800, 9600, 19200, 38400, 57600, 115200] as const;

export type GnssFixPayload = {
  readonly lat: number;
  readonly lng: number;
  readonly accuracyM: number | null;
  readonly quality: string;
  readonly satellites: number | null;
  readonly utcTime: string | null;
  /** Host clock when the fix arrived. */
  readonly at: number;
};

export type GnssStatus = {
  readonly state: 'off' | 'searching' | 'no-fix' | 'fix' | 'error';
  readonly path: string | null;
  readonly baudRate: number | null;
  /** Valid NMEA sentences and bytes that were not NMEA, since the port opened at this baud rate. */
  readonly sentences: number;
  readonly garbageBytes: number;
  readonly message: string | null;
};

export const gnssMethods = {
  /** Opens the port; `auto` tries the usual rates until NMEA with valid checksums arrives. */
  'gnss.start': method<GnssStatus>()(
    z
      .object({
        path: z.string().min(1).max(260),
        baudRate: z.union([z.literal('auto'), z.number().int().min(300).max(921_600)]),
      })
      .strict(),
  ),
  'gnss.stop': method<GnssStatus>()(z.object({}).strict()),
  'gnss.status': method<GnssStatus>()(z.object({}).strict()),
};

export const gnssEvents = {
  'gnss.fix': event<GnssFixPayload>(),
  'gnss.status': event<GnssStatus>(),
};
