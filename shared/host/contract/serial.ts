import { z } from 'zod';
import { event, method } from './define';

export type SerialPortInfo = {
  readonly path: string;
  /** A name a crew recognises: the adapter's product or manufacturer, else the device path. */
  readonly friendlyName: string;
  readonly manufacturer: string | null;
  readonly serialNumber: string | null;
  /** USB vendor and product ids as 4-digit lower-case hex, when the port is a USB adapter. */
  readonly vendorId: string | null;
  readonly productId: string | null;
};

export type SerialConnection = {
  readonly path: string;
  readonly baudRate: number;
} | null;

export const serialMethods = {
  'serial.listPorts': method<readonly SerialPortInfo[]>()(z.object({}).strict()),
};

export const serialEvents = {
  /** The port the diagnostics stack holds open, or null when none is. */
  'serial.connection': event<SerialConnection>(),
};
