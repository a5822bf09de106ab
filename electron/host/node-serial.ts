import { SerialPort } from 'serialport';
import type { RawPortInfo } from './serial-service';

/** The OS port listing through `serialport` (the only module here that loads the native binding). */
export async function listOsSerialPorts(): Promise<readonly RawPortInfo[]> {
  // serialport's own PortInfo type does not resolve through its nested typings (it reads as any),
  // so the listing is typed here by the fields it documents.
  const ports = (await SerialPort.list()) as unknown as readonly RawPortInfo[];
  return ports.map((p) => ({
    path: p.path,
    manufacturer: p.manufacturer,
    serialNumber: p.serialNumber,
    vendorId: p.vendorId,
    productId: p.productId,
    pnpId: p.pnpId,
  }));
}

/** Extra port paths from `WRM_SERIAL_PORTS` (path-separated list), for ptys and test rigs. */
export function extraPortPathsFromEnv(env: NodeJS.ProcessEnv): readonly string[] {
  const value = env['WRM_SERIAL_PORTS'];
  if (value === undefined || value.trim() === '') {
    return [];
  }
  return value
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
